// Renderer entry: Vue + Pinia, then one subscription to the backend's events (session.ts).
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { startSession } from './session'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.mount('#app')
startSession()
