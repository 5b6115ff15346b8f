/**
 * Self-hosted GraphiQL 5 for `/explorer`. Everything, monaco's web workers included, is bundled
 * by Vite so the page works offline (the Apollo landing page would load from a CDN).
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './explorer.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Explorer } from './Explorer';

const root = document.getElementById('explorer');
if (!root) throw new Error('explorer/index.html has no #explorer element');
createRoot(root).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
