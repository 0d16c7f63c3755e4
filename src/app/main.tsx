import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App';
import { installConsoleApi } from './console-api';
import { createAppUpdate } from './pwa/app-update';
import './styles.css';

installConsoleApi(window);
// The service worker that makes the app work offline; a new build waits for the page's "Reload" (src/app/pwa/).
const appUpdate = createAppUpdate(registerSW);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App appUpdate={appUpdate} />
  </StrictMode>,
);
