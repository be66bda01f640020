export default definePageConfig({ navigationBarTitleText: 'minimon × Taro' })
