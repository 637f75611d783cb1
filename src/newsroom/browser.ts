/**
 * The newsroom's front door for other domains' newsroom islands (the fronts tool): calls to
 * the newsroom's JSON API with the page's CSRF token, and the media library's image picker.
 * Browser code only: nothing here may reach Node or the database.
 */
export { api, ApiError, useCsrf } from './client/api.ts';
export { ImagePicker, type LibraryImage } from './client/pickers.tsx';
