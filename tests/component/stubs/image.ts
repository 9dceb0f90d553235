// Imported images resolve to their URL in the build; in jsdom any stable string will do.
export default 'test-file-stub.png'
