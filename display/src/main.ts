import '@fontsource/be-vietnam-pro/500.css';
import '@fontsource/be-vietnam-pro/700.css';
import '@fontsource/be-vietnam-pro/800.css';
import './display.css';
import { mount } from 'svelte';
import { storedDevice } from '@luot/ui/device';
import Pairing from '@luot/ui/Pairing.svelte';
import App from './App.svelte';

const target = document.getElementById('app')!;
// A pairing URL (?pair=CODE) pairs this browser as the display, replacing a credential it had; without a
// credential the technician types the code.
const code = new URLSearchParams(location.search).get('pair');
const device = code ? null : storedDevice(['hall_display', 'counter_display']);
if (!device)
  mount(Pairing, {
    target,
    props: {
      kinds: ['hall_display', 'counter_display'],
      what: { vi: 'màn hình', en: 'display' },
      initialCode: code,
    },
  });
else mount(App, { target, props: { device } });
