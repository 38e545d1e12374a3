export { EncryptionKey } from './encryption-key';
export type { EncryptionKeyProps } from './encryption-key';
export type { Grant } from './grant';
