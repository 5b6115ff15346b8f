/**
 * A refresh token (one login session). Only the SHA-256 of the random token is stored; the
 * token itself is returned once. Rotation revokes the used row and inserts a new one.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { User } from '../user/user.entity';

export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    user: p.manyToOne(User).ref(),
    tokenHash: p.text().unique(),
    expiresAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});

export type RefreshTokenRecord = InferEntity<typeof RefreshToken>;
