export default definePageConfig({ navigationBarTitleText: 'Requests' })
