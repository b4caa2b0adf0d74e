// Vite's asset import (`…?url`): the URL the built file is served at. (A script file, not a module, so that
// the wildcard declaration is global.)
declare module '*?url' {
  const url: string
  export default url
}
