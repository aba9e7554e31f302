/**
 * console.html entry: find the API key (see api-key.ts), connect, render. The socket URL follows the
 * page's host: the console is served by the broker it talks to.
 */
import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './App.tsx';
import { findApiKey, rememberApiKey } from './api-key.ts';
import { connectApplication } from './connection.ts';
import { uploadImage } from './images.ts';
import { createConsoleState } from './state.ts';
import './console.css';

const state = createConsoleState({
  connect: connectApplication,
  socketUrl: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws/app`,
  assetsBase: new URL('.', location.href).href.replace(/\/$/, ''),
  now: () => Date.now(),
});

async function upload(file: File): Promise<string> {
  const key = state.apiKey.value;
  if (key === null) throw new Error('Connect with the API key first.');
  const result = await uploadImage(file, key);
  if (!result.ok) throw new Error(result.reason);
  return result.imageId;
}

const root = document.getElementById('app');
if (root) render(<App state={state} uploadImage={upload} />, root);

const found = findApiKey({ location, storage: sessionStorage });
// The key must not stay in the address bar, the history or a screenshot.
if (location.hash.includes('key=')) history.replaceState(null, '', location.pathname + location.search);
if (found) state.useKey(found.key);
// A key typed into the form is kept for this tab too, so a reload does not ask again.
const stopRemembering = effect(() => {
  const key = state.apiKey.value;
  if (key !== null) rememberApiKey(sessionStorage, key);
});

addEventListener('pagehide', () => {
  stopRemembering();
  state.dispose();
});
