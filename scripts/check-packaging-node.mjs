// `npm run dist` runs electron-builder, whose native-module rebuild (@electron/rebuild 4, node-abi 4) needs Node.js
// 22.12 or newer. Everything else (the workbench, the CLI, the tests) runs on Node.js 20. Say so before a long build
// fails somewhere inside electron-builder.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `npm run dist needs Node.js 22.12 or newer (electron-builder's @electron/rebuild requires it); this is ${process.version}. ` +
      'The workbench, the CLI and the tests run on Node.js 20.',
  );
  process.exit(1);
}
