/**
 * The one structured logger (Powertools). Log ids and counts, never personal data (names, e-mails, texts).
 * The level comes from POWERTOOLS_LOG_LEVEL per stage.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'relance' });
