import { render } from 'solid-js/web';
import { App } from './App.tsx';
import './console.css';
import { ConsoleProvider, createConsoleStore } from './store/console-store.ts';

const store = createConsoleStore();

render(
  () => (
    <ConsoleProvider value={store}>
      <App />
    </ConsoleProvider>
  ),
  document.getElementById('root')!,
);
