// Entry of the Usage panel's browser bundle (dist/webview/usage/main.js, an iife). Its stylesheet
// (uPlot's and the panel's own) is bundled into dist/webview/usage/main.css, linked from the page.
import 'uplot/dist/uPlot.min.css';
import '../../media/usage-webview.css';
import { UsageApp } from './usage-app';

function start(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('The Usage page has no #root element.');
  new UsageApp().start(root);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
