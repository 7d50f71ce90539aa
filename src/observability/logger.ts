import { pino, type DestinationStream, type Logger } from 'pino';

/** Structured JSON logs, on stdout unless a destination is given (tests); never personal data. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'impartial-referral' } };
  return destination ? pino(options, destination) : pino(options);
}
