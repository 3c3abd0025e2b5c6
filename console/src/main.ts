import { mount } from 'svelte';
import '@fontsource/be-vietnam-pro/500.css';
import '@fontsource/be-vietnam-pro/800.css';
import './app.css';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
