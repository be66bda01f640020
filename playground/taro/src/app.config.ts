export default defineAppConfig({
  pages: ['pages/index/index', 'pages/requests/index', 'pages/errors/index', 'pages/consent/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTitleText: 'minimon × Taro',
    navigationBarTextStyle: 'white',
  },
})
