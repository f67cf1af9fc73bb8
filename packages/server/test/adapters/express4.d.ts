// Express 4, installed under the alias express4 to run the adapter against both majors; its API is
// typed here as Express 5's, which covers what the tests use.
declare module 'express4' {
  import express from 'express';
  export default express;
}
