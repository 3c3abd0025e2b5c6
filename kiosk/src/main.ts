import { mount } from 'svelte';
import '@fontsource/be-vietnam-pro/500.css';
import '@fontsource/be-vietnam-pro/800.css';
import './app.css';
import App from './App.svelte';
import { CenterLink } from './center-link.svelte.ts';
import { readConfig } from './config.ts';
import NotConfigured from './NotConfigured.svelte';

const config = readConfig(location.search);
const target = document.getElementById('app')!;
if ('invalid' in config) mount(NotConfigured, { target, props: { invalid: config.invalid } });
else mount(App, { target, props: { config, link: new CenterLink(config.centerId, config.kioskId) } });
