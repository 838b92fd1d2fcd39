export { FlagstaffProvider } from './flagstaff-provider.ts';
