import { mount } from 'svelte';
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/700.css';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
