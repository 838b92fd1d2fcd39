export { FlagstaffWebProvider } from './flagstaff-web-provider.ts';
