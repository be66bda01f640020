// A page built with Component() (as uni-app and larger native apps do): query parameters fill the
// properties, the page hooks live in `methods`.
const { monitorComponent } = require('@minimon/native')
const api = require('../../utils/api')

Component(
  monitorComponent({
    properties: { id: String },
    data: { item: null, error: '' },
    methods: {
      onLoad() {
        api
          .get('/api/items/' + this.data.id)
          .then((item) => this.setData({ item }))
          .catch((e) => this.setData({ error: 'HTTP ' + e.status }))
      },
    },
  }),
)
