import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout; never personal data. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'impartial-referral' } });
}
