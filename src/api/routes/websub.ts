/**
 * The WebSub callback, `/websub/<feedId>`: called by hubs, so it takes no
 * bearer token. A GET is the hub's verification of intent, answered with the
 * challenge only for a subscription we asked for (same topic, request still
 * open); a POST is a notification, taken only with a valid X-Hub-Signature
 * from the subscription's secret, then queued for the fetch worker like the
 * document a poll would have read.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sha256Hex } from '../../core/hash.js';
import { websubNotifications } from '../../core/metrics.js';
import { checkSignature } from '../../websub/signature.js';
import { handOff } from '../queue-handoff.js';
import { ERROR_RESPONSES, Id } from '../schemas/common.js';

const TAGS = ['websub'];
const Params = Type.Object({ feedId: Id });
const Verification = Type.Object({
  'hub.mode': Type.String({ maxLength: 20 }),
  'hub.topic': Type.Optional(Type.String({ maxLength: 4_096 })),
  'hub.challenge': Type.Optional(Type.String({ minLength: 1, maxLength: 1_000 })),
  'hub.lease_seconds': Type.Optional(Type.Integer({ minimum: 0, maximum: 315_360_000 })),
  'hub.reason': Type.Optional(Type.String({ maxLength: 1_000 })),
});

const websubRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config, store, queues } = app.deps;

  // The signature covers the bytes as sent: no parsing before the check, whatever the content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.fetchMaxBytes }, (_request, body, done) => done(null, body));

  app.get(
    '/websub/:feedId',
    {
      schema: {
        tags: TAGS,
        summary: "A hub's verification of intent (answered with hub.challenge when we asked for it)",
        params: Params,
        querystring: Verification,
        response: { 200: Type.String(), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { feedId } = request.params;
      const query = request.query;
      const mode = query['hub.mode'];
      const log = request.log.child({ feedId, mode });
      const subscription = await store.websub.get(feedId);
      const asked = subscription !== null && subscription.requestedAt !== null && ['pending', 'subscribed'].includes(subscription.status);
      if (mode === 'denied') {
        // The hub refused (or later revoked) the subscription: poll instead.
        if (subscription !== null && subscription.hub !== null && query['hub.topic'] === subscription.topic) {
          await store.websub.markFailed(feedId, `the hub denied the subscription${query['hub.reason'] ? `: ${query['hub.reason']}` : ''}`, new Date());
          log.warn({ reason: query['hub.reason'] ?? null }, 'websub subscription denied; polling instead');
        }
        return reply.code(200).type('text/plain').send('');
      }
      const challenge = query['hub.challenge'];
      if (mode !== 'subscribe' || !asked || challenge === undefined || query['hub.topic'] !== subscription.topic) {
        log.info({ topic: query['hub.topic'] ?? null }, 'websub verification refused: not a subscription we asked for');
        return reply.code(404).type('text/plain').send('no such subscription request');
      }
      const leaseSeconds = query['hub.lease_seconds'] ?? config.websubLeaseSeconds;
      await store.websub.markVerified(feedId, new Date(Date.now() + leaseSeconds * 1000));
      log.info({ leaseSeconds }, 'websub subscription verified');
      return reply.code(200).type('text/plain').send(challenge);
    },
  );

  app.post(
    '/websub/:feedId',
    {
      bodyLimit: config.fetchMaxBytes,
      schema: {
        tags: TAGS,
        summary: 'A notification from the hub (X-Hub-Signature required)',
        params: Params,
        response: { 202: Type.Object({ jobId: Type.String() }), ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { feedId } = request.params;
      const log = request.log.child({ feedId });
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const subscription = await store.websub.get(feedId);
      if (subscription === null || subscription.secret === null || !['pending', 'subscribed'].includes(subscription.status)) {
        websubNotifications.inc({ outcome: 'unknown' });
        return reply.code(404).send({ statusCode: 404, code: 'WEBSUB_NOT_SUBSCRIBED', error: 'Not Found', message: 'no live subscription for this callback' });
      }
      const header = request.headers['x-hub-signature'];
      const check = checkSignature(Array.isArray(header) ? header[0] : header, body, subscription.secret);
      if (check !== 'valid') {
        websubNotifications.inc({ outcome: 'bad_signature' });
        log.warn({ check }, 'websub notification refused: bad signature');
        return reply.code(403).send({ statusCode: 403, code: 'WEBSUB_BAD_SIGNATURE', error: 'Forbidden', message: `X-Hub-Signature ${check}` });
      }
      const contentType = request.headers['content-type'] ?? null;
      const link = request.headers.link;
      let jobId = '';
      const queued = await handOff(log, 'queueing the pushed content', async () => {
        jobId = await queues.enqueuePush(
          feedId,
          { body: body.toString('base64'), contentType, link: Array.isArray(link) ? link.join(', ') : (link ?? null) },
          sha256Hex(body),
        );
      });
      if (!queued) {
        // Nothing of a push is in the store yet: a 5xx makes the hub deliver it again later.
        websubNotifications.inc({ outcome: 'unavailable' });
        return reply.code(503).send({ statusCode: 503, code: 'QUEUE_UNAVAILABLE', error: 'Service Unavailable', message: 'try again later' });
      }
      websubNotifications.inc({ outcome: 'accepted' });
      log.info({ bytes: body.length, jobId }, 'websub notification accepted');
      return reply.code(202).send({ jobId });
    },
  );
};

export default websubRoutes;
