import { mount } from 'svelte';
import '@fontsource/be-vietnam-pro/500.css';
import '@fontsource/be-vietnam-pro/800.css';
import { storedDevice } from '@luot/ui/device';
import Pairing from '@luot/ui/Pairing.svelte';
import './app.css';
import App from './App.svelte';
import { CenterLink } from './center-link.svelte.ts';
import { readConfig } from './config.ts';

const target = document.getElementById('app')!;
// A pairing URL (?pair=CODE) pairs this browser as the kiosk, replacing a credential it had; without a credential
// the technician types the code.
const code = new URLSearchParams(location.search).get('pair');
const device = code ? null : storedDevice(['kiosk']);
if (!device)
  mount(Pairing, { target, props: { kinds: ['kiosk'], what: { vi: 'kiosk', en: 'kiosk' }, initialCode: code } });
else {
  const config = readConfig(location.search, device);
  mount(App, { target, props: { config, link: new CenterLink(config.centerId, config.kioskId, device.credential) } });
}
