// The version of this package, for diagnostic reports (a test holds it to package.json).

export const CLIENTFUL_VERSION = '0.1.0'
