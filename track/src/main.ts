import { mount } from 'svelte';
import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/700.css';
import App from './App.svelte';
import Take from './Take.svelte';

// ?take: an online number (?take=appointment: an appointment); else the tracking page of a ticket.
const target = document.getElementById('app')!;
if (new URLSearchParams(location.search).has('take')) mount(Take, { target });
else mount(App, { target });
