// Crosswalk is a live, signed-in application: pages render in the browser and read everything from /api.
export const ssr = false;
export const prerender = false;
