import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { boot } from './app/boot';
import { installErrorForwarding } from './platform/error-reporting';
import './styles.css';

// First, so an error while the first screen renders reaches the log too.
installErrorForwarding();

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot();
