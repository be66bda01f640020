export default definePageConfig({ navigationBarTitleText: 'Privacy' })
