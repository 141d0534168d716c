/** Queue names, kept apart from BullMQ so that the CLI can read them without loading it. */
export const QUEUE_NAMES = ['fetch', 'article', 'deliver', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
export const WORK_QUEUES = ['fetch', 'article', 'deliver'] as const;
export type WorkQueueName = (typeof WORK_QUEUES)[number];
