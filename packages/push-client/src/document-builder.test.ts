import { createRequire } from 'node:module';
import { isInputValidationError } from '@connectorkit/http-core';
import { describe, expect, it } from 'vitest';
import { DocumentBuilder } from './document-builder.js';
import { BuiltInTransformers } from './document-rules.js';
import { permanentId } from './permanent-id.js';
import {
  GroupSecurityIdentityBuilder,
  PermissionSetBuilder,
  UserSecurityIdentityBuilder,
} from './security-identity-builders.js';

// The official client, to check that our wire JSON is theirs.
const official = createRequire(import.meta.url)('@coveo/push-api-client') as {
  DocumentBuilder: new (uri: string, title: string) => Record<string, (...a: unknown[]) => unknown>;
  PermissionSetBuilder: new (anon: boolean) => Record<string, (...a: unknown[]) => unknown>;
  UserSecurityIdentityBuilder: new (u: string | string[]) => unknown;
  GroupSecurityIdentityBuilder: new (g: string, p?: string) => unknown;
};

function thrown(fn: () => unknown): { message: string; issues: readonly { path: string }[] } {
  try {
    fn();
  } catch (error) {
    if (isInputValidationError(error)) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('DocumentBuilder', () => {
  it('marshals exactly as @coveo/push-api-client 4.0.1 does', () => {
    const ours = new DocumentBuilder('https://ex.com/a?b=1', 'A title')
      .withData('searchable text')
      .withAuthor('me')
      .withClickableUri('https://ex.com/click')
      .withDate(1_700_000_000_000)
      .withModifiedDate('2024-01-02T03:04:05Z')
      .withFileExtension('.html')
      .withParentId('https://ex.com/parent')
      .withMetadata({ sku: 'A1', tags: ['x', 'y'], price: 9.5, stock: 3 })
      .withPermissionSet(
        new PermissionSetBuilder(false)
          .withAllowedPermissions(new UserSecurityIdentityBuilder(['a@ex.com', 'b@ex.com']))
          .withDeniedPermissions(new GroupSecurityIdentityBuilder('bad', 'P')),
      );
    const theirs = new official.DocumentBuilder('https://ex.com/a?b=1', 'A title');
    theirs.withData?.('searchable text');
    theirs.withAuthor?.('me');
    theirs.withClickableUri?.('https://ex.com/click');
    theirs.withDate?.(1_700_000_000_000);
    theirs.withModifiedDate?.('2024-01-02T03:04:05Z');
    theirs.withFileExtension?.('.html');
    theirs.withParentID?.('https://ex.com/parent');
    theirs.withMetadata?.({ sku: 'A1', tags: ['x', 'y'], price: 9.5, stock: 3 });
    const set = new official.PermissionSetBuilder(false);
    set.withAllowedPermissions?.(
      new official.UserSecurityIdentityBuilder(['a@ex.com', 'b@ex.com']),
    );
    set.withDeniedPermissions?.(new official.GroupSecurityIdentityBuilder('bad', 'P'));
    theirs.withPermissionSet?.(set);
    // They send platform-client's `User`/`Group` spelling; we send the documented `USER`/`GROUP`.
    const normalized = JSON.parse(
      JSON.stringify(theirs.marshal?.()).replace(
        /"identityType":"(User|Group)"/g,
        (_, t: string) => `"identityType":"${t.toUpperCase()}"`,
      ),
    );
    expect(ours.marshal()).toEqual(normalized);
  });

  it('computes the official permanent id and turns file paths into file URLs in one place', () => {
    const theirs = new official.DocumentBuilder('/tmp/some file.txt', 'T').marshal?.() as Record<
      string,
      string
    >;
    const ours = new DocumentBuilder('/tmp/some file.txt', 'T').marshal();
    expect(ours.permanentid).toBe(theirs.permanentid);
    expect(ours.permanentid).toBe(permanentId('/tmp/some file.txt'));
    expect(ours.documentId).toBe('file:///tmp/some%20file.txt');
    expect(ours.documentId).toBe(theirs.documentId);
  });

  it('names the field and the rule it broke, before anything is sent', () => {
    const doc = () => new DocumentBuilder('https://ex.com/a', 'A');
    expect(thrown(() => doc().withMetadataValue('DocumentId', 'x')).message).toMatch(
      /metadata\.DocumentId: is a reserved key name/,
    );
    expect(thrown(() => doc().withMetadataValue('1bad', 'x')).message).toMatch(
      /metadata\.1bad: field names must match/,
    );
    const many = thrown(() => doc().withMetadata({ ok: 1, 'bad-key': 2, data: 3 }));
    expect(many.issues.map((i) => i.path)).toEqual(['metadata.bad-key', 'metadata.data']);
    expect(thrown(() => doc().withCompressedBinaryData('not base64!', 'ZLIB')).message).toMatch(
      /compressedBinaryData: must be base64 encoded/,
    );
    expect(thrown(() => doc().withCompressedBinaryData('eA==', 'zlib' as 'ZLIB')).message).toMatch(
      /compressionType: must be one of/,
    );
    expect(thrown(() => doc().withFileExtension('html')).message).toMatch(
      /fileExtension: must start/,
    );
    expect(thrown(() => doc().withData('x'.repeat(5 * 1024 * 1024))).message).toMatch(
      /data: must be under 5 MB/,
    );
    expect(thrown(() => doc().withDate('not a date')).message).toMatch(
      /date: must be a valid date/,
    );
    expect(
      thrown(() => doc().withMetadataValue('Sku', 1).withMetadataValue('SKU', 2)).message,
    ).toMatch(/case-insensitive/);
    const users = Array.from({ length: 5001 }, (_, i) => `u${i}@ex.com`);
    expect(
      thrown(() =>
        doc().withPermissionSet(
          new PermissionSetBuilder(false).withAllowedPermissions(
            new UserSecurityIdentityBuilder(users),
          ),
        ),
      ).message,
    ).toMatch(/permissions: at most 5000/);
  });

  it('applies key transformers and the Python-style default permission set', () => {
    const body = new DocumentBuilder('https://ex.com/a', 'A')
      .withMetadata({ productName: 'x', 'Unit Price': 2 }, BuiltInTransformers.toSnakeCase)
      .withAllowAnonymousUsers(false)
      .withAllowedPermissions(new UserSecurityIdentityBuilder('a@ex.com'))
      .marshal();
    expect(body.product_name).toBe('x');
    expect(body.unit_price).toBe(2);
    expect(body.permissions).toEqual([
      {
        allowAnonymous: false,
        allowedPermissions: [
          {
            identity: 'a@ex.com',
            identityType: 'USER',
            securityProvider: 'Email Security Provider',
          },
        ],
        deniedPermissions: [],
      },
    ]);
  });
});
