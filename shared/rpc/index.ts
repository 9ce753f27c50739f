export * from './errors'
export * from './envelope'
export * from './router'
export * from './client'
