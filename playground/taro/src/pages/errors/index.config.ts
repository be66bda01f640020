export default definePageConfig({ navigationBarTitleText: 'Errors' })
