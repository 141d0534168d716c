/**
 * Destinations (publish to WordPress). The application password is in the
 * input schemas only: no response schema has it, so it cannot be serialized.
 */
import { Type } from '@fastify/type-provider-typebox';
import { HttpUrl, Id, Nullable, Timestamp } from './common.js';
import { deliveryFields } from './webhook.js';

export const PostStatus = Type.Enum(['draft', 'pending', 'publish', 'private']);

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Template = Type.String({ minLength: 1, maxLength: 100_000, description: 'post body with {{placeholders}}; {{contentHtml}} is the body' });

const settings = {
  status: Type.Optional(PostStatus),
  feedIds: Type.Optional(Nullable(Type.Array(Id, { maxItems: 1000, description: 'absent or null: every feed' }))),
  authorId: Type.Optional(Nullable(Type.Integer({ minimum: 1, description: 'WordPress user id of the posts; absent: the authenticated user' }))),
  categories: Type.Optional(Type.Array(Name, { maxItems: 50, description: 'always added; created on the site when missing' })),
  copyCategories: Type.Optional(Type.Boolean({ description: "also the article's own categories [true]" })),
  copyTags: Type.Optional(Type.Boolean({ description: 'article categories as tags [false]' })),
  featuredImage: Type.Optional(Type.Boolean({ description: 'upload imageUrl to the media library and set it [true]' })),
  template: Type.Optional(Nullable(Template)),
};

const credentials = {
  url: HttpUrl,
  username: Type.String({ minLength: 1, maxLength: 200 }),
  applicationPassword: Type.String({ minLength: 1, maxLength: 200, description: 'write-only: never returned, never logged' }),
};

export const CreateDestinationBody = Type.Object(
  { type: Type.Literal('wordpress'), ...credentials, ...settings },
  { additionalProperties: false },
);

export const PatchDestinationBody = Type.Object(
  {
    url: Type.Optional(credentials.url),
    username: Type.Optional(credentials.username),
    applicationPassword: Type.Optional(credentials.applicationPassword),
    ...settings,
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Destination = Type.Object({
  id: Type.String(),
  type: Type.Literal('wordpress'),
  url: Type.String(),
  username: Type.String(),
  status: PostStatus,
  feedIds: Nullable(Type.Array(Type.String())),
  authorId: Nullable(Type.Integer()),
  categories: Type.Array(Type.String()),
  copyCategories: Type.Boolean(),
  copyTags: Type.Boolean(),
  featuredImage: Type.Boolean(),
  template: Type.String(),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const DestinationDelivery = Type.Object({
  ...deliveryFields,
  remoteId: Nullable(Type.String({ description: 'the WordPress post id' })),
  remoteUrl: Nullable(Type.String({ description: 'the post link' })),
});
