import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REVIEW_ID } from '../../server/src/demo/demo-review.ts';
import { demoPartnership } from '../../server/src/demo/demo-data.ts';
import { addAccount, signInAll, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Setting up organisations without the demo loader: local authorities (administrators), partnerships and clusters
 * (administrators and partnership leads), member schools one by one and from a GIAS export (all or nothing, with
 * the line and the reason), and safeguarding contacts that the safeguarding button then uses.
 */

const ADMIN = 'admin@crosswalk.demo';
const LEAD = 'partnership.lead@crosswalk.demo';
const HEAD = 'host.head@fenbrook.demo';
const REVIEWER = 'reviewer@hempshill.demo';
/** A partnership lead of a partnership of their own, nothing to do with the demo cluster. */
const OTHER_LEAD = 'lead@elsewhere.test';
/** At no school and in no partnership. */
const OUTSIDER = 'outsider@organisations.test';
/** Recorded as Fenbrook's deputy safeguarding lead: someone with a Crosswalk account. */
const DEPUTY = 'reviewer@princerock.demo';

const STARTUP_TIMEOUT_MS = 180_000;

const GIAS_HEADER =
  'URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),Postcode';
const gias = (...rows: string[]) => [GIAS_HEADER, ...rows].join('\r\n');

for (const engine of ['postgres', 'embedded'] as const) {
  describe(`organisation set-up (${engine})`, () => {
    let server: TestServer;
    let as: Record<string, HttpClient>;
    let lincolnshire: string;
    let fenbrook: string;

    const client = (email: string) => as[email] as HttpClient;
    const put = (email: string, path: string, body: unknown) => client(email).request('PUT', path, body);
    const del = (email: string, path: string) => client(email).request('DELETE', path);
    const sql = () => server.crosswalk.db.sql;
    const audit = async (action: string) =>
      sql()<{ subjectId: string; detail: Record<string, unknown>; actorUserId: string }[]>`
        select subject_id, detail, actor_user_id from audit_events where action = ${action} order by id`;
    const count = async (table: 'schools' | 'partnership_schools') => {
      const [row] = await sql()<{ n: number }[]>`select count(*)::int as n from ${sql()(table)}`;
      return row?.n ?? -1;
    };
    const fields = (body: unknown) => (body as ErrorBody).error.fields ?? [];

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      await addAccount(server, OUTSIDER, 'Outsider');
      const otherLead = await addAccount(server, OTHER_LEAD, 'Other lead');
      const [elsewhere] = await sql()<{ id: string }[]>`
        insert into partnerships (name, kind) values ('Elsewhere Partnership', 'local') returning id`;
      await sql()`
        insert into partnership_members (partnership_id, user_id, role)
        values (${elsewhere?.id ?? ''}, ${otherLead}, 'partnership_lead')`;
      const [school] = await sql()<{ id: string; localAuthorityId: string }[]>`
        select id, local_authority_id from schools where name = 'Fenbrook Primary'`;
      fenbrook = school?.id ?? '';
      lincolnshire = school?.localAuthorityId ?? '';
      as = await signInAll(server, [ADMIN, LEAD, HEAD, REVIEWER, OTHER_LEAD, OUTSIDER]);
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('lets administrators alone set up local authorities, with codes unique and LADO details', async () => {
      const essex = { name: 'Testshire', code: '990', ladoName: 'Duty LADO', ladoEmail: 'LADO@Testshire.example' };
      expect((await client(LEAD).post('/api/local-authorities', essex)).status).toBe(403);
      expect((await client(OUTSIDER).get('/api/local-authorities')).status).toBe(403);

      const created = await client(ADMIN).post('/api/local-authorities', essex);
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;

      const again = await client(ADMIN).post('/api/local-authorities', { ...essex, name: 'Other' });
      expect(again.status).toBe(400);
      expect(fields(again.body)).toEqual([
        { path: 'code', message: 'Another local authority already has the code 990' },
      ]);
      const bad = await client(ADMIN).post('/api/local-authorities', { name: 'Bad', code: '12', ladoEmail: 'nope' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body).map((f) => f.path)).toEqual(['code', 'ladoEmail']);

      expect(
        (await put(LEAD, `/api/local-authorities/${lincolnshire}`, { name: 'Lincolnshire', code: '925' })).status,
      ).toBe(403);
      const lincs = {
        name: 'Lincolnshire',
        code: '925',
        ladoName: 'Lincolnshire LADO',
        ladoEmail: 'lado@lincs.example',
      };
      expect((await put(ADMIN, `/api/local-authorities/${lincolnshire}`, lincs)).status).toBe(204);

      const list = await client(LEAD).get('/api/local-authorities');
      expect(list.status).toBe(200);
      const listed = (list.body as { localAuthorities: { id: string; code: string; ladoEmail: string }[] })
        .localAuthorities;
      expect(listed.find((la) => la.id === id)).toMatchObject({ code: '990', ladoEmail: 'lado@testshire.example' });
      expect(listed.find((la) => la.id === lincolnshire)).toMatchObject({ code: '925', schoolCount: 1 });

      const rows = await audit('local_authority.created');
      expect(rows.at(-1)).toMatchObject({ subjectId: id, detail: { code: '990', ladoRecorded: true } });
      expect(JSON.stringify(await audit('local_authority.updated'))).not.toContain('lado@');
    });

    it('lets a partnership lead create a partnership they then lead, and clusters only under their own', async () => {
      const made = await client(LEAD).post('/api/partnerships', {
        name: 'North Sea Virtual Cluster',
        kind: 'cross_regional_virtual',
        sppPhase: 'build',
        parentId: demoPartnership.id,
      });
      expect(made.status).toBe(201);
      const clusterId = (made.body as { id: string }).id;
      const mine = (await client(LEAD).get('/api/partnerships')).body as {
        partnerships: { id: string; parentId: string | null; canEdit: boolean }[];
      };
      expect(mine.partnerships.find((p) => p.id === clusterId)).toMatchObject({
        parentId: demoPartnership.id,
        canEdit: true,
      });

      // The other lead may set up their own partnership, but not a cluster of the demo one.
      const theirs = await client(OTHER_LEAD).post('/api/partnerships', { name: 'Their Own', kind: 'local' });
      expect(theirs.status).toBe(201);
      const refused = await client(OTHER_LEAD).post('/api/partnerships', {
        name: 'Sneaky',
        kind: 'local',
        parentId: demoPartnership.id,
      });
      expect(refused.status).toBe(403);
      // People who lead nothing cannot set partnerships up.
      expect((await client(REVIEWER).post('/api/partnerships', { name: 'No', kind: 'local' })).status).toBe(403);
      expect((await client(OUTSIDER).post('/api/partnerships', { name: 'No', kind: 'local' })).status).toBe(403);
      // Clusters sit one level down.
      const nested = await client(LEAD).post('/api/partnerships', {
        name: 'Too deep',
        kind: 'local',
        parentId: clusterId,
      });
      expect(nested.status).toBe(409);
      expect((nested.body as ErrorBody).error.message).toMatch(/itself a cluster of another/);
      expect(
        (await client(ADMIN).post('/api/partnerships', { name: 'Too deep', kind: 'local', parentId: clusterId }))
          .status,
      ).toBe(409);
      const unnamed = await client(LEAD).post('/api/partnerships', { name: ' ', kind: 'nonsense' });
      expect(unnamed.status).toBe(400);
      expect(fields(unnamed.body).map((f) => f.path)).toEqual(['name', 'kind']);

      // Settings: 404 for outsiders, 403 for members who may only look, the lead (of it or its parent) may change it.
      expect((await client(OUTSIDER).get(`/api/partnerships/${clusterId}/settings`)).status).toBe(404);
      expect((await client(OTHER_LEAD).get(`/api/partnerships/${demoPartnership.id}/settings`)).status).toBe(404);
      expect((await client(REVIEWER).get(`/api/partnerships/${demoPartnership.id}/settings`)).status).toBe(403);
      expect(
        (await put(REVIEWER, `/api/partnerships/${demoPartnership.id}`, { name: 'X', kind: 'local' })).status,
      ).toBe(403);
      const renamed = await put(LEAD, `/api/partnerships/${clusterId}`, {
        name: 'North Sea Cluster',
        kind: 'cross_regional_virtual',
        sppPhase: 'embed',
        parentId: demoPartnership.id,
      });
      expect(renamed.status).toBe(204);
      const settings = await client(LEAD).get(`/api/partnerships/${clusterId}/settings`);
      expect(settings.body).toMatchObject({
        name: 'North Sea Cluster',
        sppPhase: 'embed',
        parent: { id: demoPartnership.id },
        schools: [],
      });
      const parentSettings = await client(LEAD).get(`/api/partnerships/${demoPartnership.id}/settings`);
      expect((parentSettings.body as { clusters: { id: string }[] }).clusters).toEqual([
        { id: clusterId, name: 'North Sea Cluster' },
      ]);
      const detail = await client(LEAD).get(`/api/partnerships/${clusterId}`);
      expect(detail.body).toMatchObject({ canEdit: true, parentId: demoPartnership.id });

      const created = await audit('partnership.created');
      expect(created.find((row) => row.subjectId === clusterId)?.detail).toEqual({
        kind: 'cross_regional_virtual',
        parentId: demoPartnership.id,
      });
      expect((await audit('partnership.updated')).map((r) => r.subjectId)).toContain(clusterId);
    });

    it('creates, edits, adds and removes member schools, with URNs unique and six digits', async () => {
      const { id: partnershipId } = (
        await client(LEAD).post('/api/partnerships', { name: 'Schools Test Partnership', kind: 'local' })
      ).body as { id: string };
      const school = { name: 'Brookside Primary', phase: 'primary', localAuthorityId: lincolnshire, urn: '654321' };
      expect((await client(OTHER_LEAD).post('/api/schools', { ...school, partnershipId })).status).toBe(403);
      const made = await client(LEAD).post('/api/schools', { ...school, partnershipId });
      expect(made.status).toBe(201);
      const schoolId = (made.body as { id: string }).id;

      const taken = await client(LEAD).post('/api/schools', { ...school, name: 'Copy', partnershipId });
      expect(taken.status).toBe(400);
      expect(fields(taken.body)).toEqual([{ path: 'urn', message: 'URN 654321 is already used by Brookside Primary' }]);
      const short = await client(LEAD).post('/api/schools', { ...school, urn: '12345', partnershipId });
      expect(fields(short.body).map((f) => f.path)).toEqual(['urn']);

      expect((await client(OUTSIDER).get(`/api/schools/${schoolId}`)).status).toBe(404);
      expect((await put(OTHER_LEAD, `/api/schools/${schoolId}`, school)).status).toBe(404);
      expect((await put(LEAD, `/api/schools/${schoolId}`, { ...school, phase: 'all_through' })).status).toBe(204);
      expect((await client(LEAD).get(`/api/schools/${schoolId}`)).body).toMatchObject({
        name: 'Brookside Primary',
        phase: 'all_through',
        urn: '654321',
        localAuthority: { id: lincolnshire },
        canEdit: true,
        partnerships: [{ id: partnershipId }],
      });

      // Another partnership adds the same school by its URN.
      const unknown = await client(LEAD).post(`/api/partnerships/${demoPartnership.id}/schools`, { urn: '111111' });
      expect(unknown.status).toBe(400);
      const linked = await client(LEAD).post(`/api/partnerships/${demoPartnership.id}/schools`, { urn: '654321' });
      expect(linked.status).toBe(201);
      expect(
        (await client(LEAD).post(`/api/partnerships/${demoPartnership.id}/schools`, { urn: '654321' })).status,
      ).toBe(409);
      expect((await del(REVIEWER, `/api/partnerships/${demoPartnership.id}/schools/${schoolId}`)).status).toBe(403);
      expect((await del(LEAD, `/api/partnerships/${demoPartnership.id}/schools/${schoolId}`)).status).toBe(204);
      expect((await del(LEAD, `/api/partnerships/${demoPartnership.id}/schools/${schoolId}`)).status).toBe(404);
      // Fenbrook hosts the demo review, which is still going.
      const hosting = await del(LEAD, `/api/partnerships/${demoPartnership.id}/schools/${fenbrook}`);
      expect(hosting.status).toBe(409);

      expect((await audit('school.created')).map((r) => r.subjectId)).toContain(schoolId);
      expect((await audit('school.updated')).at(-1)).toMatchObject({ subjectId: schoolId });
      expect((await audit('partnership.school_added')).map((r) => r.detail.schoolId)).toContain(schoolId);
      expect((await audit('partnership.school_removed')).at(-1)).toMatchObject({
        subjectId: demoPartnership.id,
        detail: { schoolId },
      });
    });

    it('sets up trusts, puts a school in one, and the trust’s dates then close the school', async () => {
      expect((await client(REVIEWER).post('/api/trusts', { name: 'Fen Valley Trust' })).status).toBe(403);
      const made = await client(LEAD).post('/api/trusts', { name: 'Fen Valley Trust' });
      expect(made.status).toBe(201);
      const trustId = (made.body as { id: string }).id;
      const again = await client(LEAD).post('/api/trusts', { name: 'fen valley trust' });
      expect(fields(again.body)).toEqual([
        { path: 'name', message: 'There is already a trust called fen valley trust' },
      ]);
      expect((await client(LEAD).post('/api/trusts', { name: ' ' })).status).toBe(400);
      expect((await put(LEAD, `/api/trusts/${trustId}`, { name: 'Fen Valley Academies' })).status).toBe(403);
      expect((await put(ADMIN, `/api/trusts/${trustId}`, { name: 'Fen Valley Academies' })).status).toBe(204);
      expect((await client(OUTSIDER).get('/api/trusts')).status).toBe(403);

      const details = { name: 'Fenbrook Primary', phase: 'primary', localAuthorityId: lincolnshire, urn: null };
      const wrong = await put(LEAD, `/api/schools/${fenbrook}`, { ...details, trustId: lincolnshire });
      expect(fields(wrong.body)).toEqual([{ path: 'trustId', message: 'Choose a trust from the list' }]);
      expect((await put(LEAD, `/api/schools/${fenbrook}`, { ...details, trustId })).status).toBe(204);
      // Details sent without a trust leave it as it is.
      expect((await put(LEAD, `/api/schools/${fenbrook}`, details)).status).toBe(204);
      expect((await client(HEAD).get(`/api/schools/${fenbrook}`)).body).toMatchObject({
        trust: { id: trustId, name: 'Fen Valley Academies' },
        trusts: [],
        canCreateTrust: false,
      });
      expect((await client(LEAD).get('/api/trusts')).body).toMatchObject({
        trusts: [{ id: trustId, name: 'Fen Valley Academies', schoolCount: 1 }],
        canCreate: true,
        canRename: false,
      });

      // The trust's own INSET day now closes its school to review sessions.
      const inset = await client(LEAD).post(`/api/calendars/trust/${trustId}/events`, {
        kind: 'inset_day',
        from: '2031-03-04',
        to: '2031-03-04',
        label: 'Trust training day',
      });
      expect(inset.status).toBe(201);
      const refused = await client(LEAD).post(`/api/reviews/${DEMO_REVIEW_ID}/sessions`, {
        kind: 'impact_review',
        title: 'Check-in',
        startsAt: '2031-03-04T10:00:00Z',
        endsAt: '2031-03-04T11:00:00Z',
      });
      expect((refused.body as ErrorBody).error).toMatchObject({ id: 'not_a_school_day', reason: 'inset_day' });

      expect((await put(LEAD, `/api/schools/${fenbrook}`, { ...details, trustId: null })).status).toBe(204);
      expect((await client(LEAD).get(`/api/schools/${fenbrook}`)).body).toMatchObject({ trust: null });
      expect((await audit('trust.created')).map((r) => r.subjectId)).toEqual([trustId]);
      expect((await audit('trust.renamed')).map((r) => r.subjectId)).toEqual([trustId]);
    });

    it('imports schools from a GIAS export all or nothing, naming each bad line and why', async () => {
      const { id: partnershipId } = (
        await client(LEAD).post('/api/partnerships', { name: 'Import Partnership', kind: 'cross_regional_virtual' })
      ).body as { id: string };
      // Fenbrook gets its URN so the file can name it; it is already known and will be linked, not created.
      await sql()`update schools set urn = '700005' where id = ${fenbrook}`;
      const before = { schools: await count('schools'), members: await count('partnership_schools') };

      const bad = await client(LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, {
        confirm: true,
        content: gias(
          '700001,925,Lincolnshire,2001,Marsh Lane Primary,Community school,Open,Primary,LN1 1AA',
          '700001,925,Lincolnshire,2002,Marsh Lane Again,Community school,Open,Primary,LN1 1AB',
          '700003,999,Atlantis,2003,Sunken Primary,Community school,Open,Primary,AT1 1AA',
          '700004,925,Lincolnshire,2004,Odd School,Further education,Open,Not applicable,LN1 1AC',
        ),
      });
      expect(bad.status).toBe(400);
      expect((bad.body as ErrorBody).error.message).toMatch(
        /^Nothing was imported\. line 3: URN 700001 is already on line 2/,
      );
      expect(fields(bad.body)).toEqual([
        { path: 'line 3', message: 'URN 700001 is already on line 2' },
        {
          path: 'line 4',
          message: 'local authority 999 (Atlantis) is not set up in Crosswalk: ask an administrator to add it',
        },
        {
          path: 'line 5',
          message:
            'the phase "Not applicable" (Further education) is not one Crosswalk knows: nursery, primary, secondary, all-through, special or alternative provision',
        },
      ]);
      const wrongColumns = await client(LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, {
        content: 'urn,name\n700001,Marsh Lane',
      });
      expect(wrongColumns.status).toBe(400);
      expect(fields(wrongColumns.body)[0]?.path).toBe('line 1');
      expect({ schools: await count('schools'), members: await count('partnership_schools') }).toEqual(before);

      const good = gias(
        '700001,925,Lincolnshire,2001,Marsh Lane Primary,Community school,Open,Primary,LN1 1AA',
        '700002,925,Lincolnshire,2002,Fen Edge Academy,Academy special converter,Open,Not applicable,LN1 1AB',
        '700005,925,Lincolnshire,2005,Fenbrook Primary School,Community school,Open,Primary,LN1 1AD',
      );
      expect(
        (await client(OTHER_LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, { content: good })).status,
      ).toBe(404);
      const preview = await client(LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, { content: good });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({
        confirmed: false,
        created: [
          { line: 2, urn: '700001', name: 'Marsh Lane Primary', phase: 'primary', localAuthority: 'Lincolnshire' },
          { line: 3, urn: '700002', name: 'Fen Edge Academy', phase: 'special', localAuthority: 'Lincolnshire' },
        ],
        linked: [{ line: 4, urn: '700005', name: 'Fenbrook Primary' }],
        alreadyMembers: [],
      });
      expect({ schools: await count('schools'), members: await count('partnership_schools') }).toEqual(before);

      const done = await client(LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, {
        content: good,
        confirm: true,
      });
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ confirmed: true, created: [{ urn: '700001' }, { urn: '700002' }] });
      expect({ schools: await count('schools'), members: await count('partnership_schools') }).toEqual({
        schools: before.schools + 2,
        members: before.members + 3,
      });
      const settings = (await client(LEAD).get(`/api/partnerships/${partnershipId}/settings`)).body as {
        schools: { name: string; urn: string; localAuthority: { code: string } }[];
      };
      expect(settings.schools.map((s) => [s.name, s.urn, s.localAuthority.code])).toEqual([
        ['Fen Edge Academy', '700002', '925'],
        ['Fenbrook Primary', '700005', '925'],
        ['Marsh Lane Primary', '700001', '925'],
      ]);
      // Importing the same file again changes nothing.
      const again = await client(LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, {
        content: good,
        confirm: true,
      });
      expect(again.body).toMatchObject({ created: [], linked: [], alreadyMembers: [{}, {}, {}] });

      const imported = await audit('partnership.schools_imported');
      expect(imported.filter((r) => r.subjectId === partnershipId).map((r) => r.detail)).toEqual([
        { created: 2, linked: 1, alreadyMembers: 0 },
        { created: 0, linked: 0, alreadyMembers: 3 },
      ]);
    });

    it('reads a whole GIAS export, larger than other requests may be', async () => {
      const { id: partnershipId } = (
        await client(LEAD).post('/api/partnerships', { name: 'Wide File Partnership', kind: 'local' })
      ).body as { id: string };
      // A full export has a hundred-odd columns: 60 schools with 3 KB of other columns each is about 180 KB.
      const padding = 'x'.repeat(3000);
      const lines = Array.from(
        { length: 60 },
        (_, i) => `${800000 + i},925,Lincolnshire,${3000 + i},School ${i},Community school,Open,Primary,${padding}`,
      );
      const content = gias(...lines);
      expect(content.length).toBeGreaterThan(150_000);
      const preview = await client(LEAD).post(`/api/partnerships/${partnershipId}/schools/import`, { content });
      expect(preview.status).toBe(200);
      expect((preview.body as { created: unknown[] }).created).toHaveLength(60);
      // Other requests keep the usual limit.
      const big = await client(LEAD).post('/api/partnerships', { name: 'x', kind: 'local', padding: content });
      expect(big.status).toBe(413);
    });

    it('sends a concern to the recorded DSL, and one about the head to the LADO', async () => {
      expect((await client(OUTSIDER).get(`/api/schools/${fenbrook}`)).status).toBe(404);
      // The DSL has no Crosswalk account; the deputy has one (so is told in the app too).
      const contacts = {
        dsl: { name: 'Dana Safe', email: 'DSL@fenbrook.example', phone: '01234 567890' },
        deputyDsl: { name: 'Sam Deputy', email: DEPUTY },
      };
      expect((await put(REVIEWER, `/api/schools/${fenbrook}/safeguarding-contacts`, contacts)).status).toBe(404);
      // The headteacher keeps the school's contacts, but not its details.
      expect(
        (await put(HEAD, `/api/schools/${fenbrook}`, { name: 'X', phase: 'primary', localAuthorityId: lincolnshire }))
          .status,
      ).toBe(403);
      const saved = await put(HEAD, `/api/schools/${fenbrook}/safeguarding-contacts`, contacts);
      expect(saved.status).toBe(200);
      expect(saved.body).toEqual({
        dsl: { ...contacts.dsl, email: 'dsl@fenbrook.example' },
        deputyDsl: { name: 'Sam Deputy', email: DEPUTY, phone: '' },
      });
      const bad = await put(HEAD, `/api/schools/${fenbrook}/safeguarding-contacts`, {
        dsl: { name: '', email: 'not an email', phone: 'call me' },
        deputyDsl: null,
      });
      expect(fields(bad.body).map((f) => f.path)).toEqual(['dsl.name', 'dsl.email', 'dsl.phone']);
      expect((await client(HEAD).get(`/api/schools/${fenbrook}`)).body).toMatchObject({
        canEdit: false,
        canEditContacts: true,
        ladoRecorded: true,
        contacts: { dsl: { name: 'Dana Safe' } },
      });
      const [contactAudit] = await audit('school.safeguarding_contacts_updated');
      expect(contactAudit).toMatchObject({ subjectId: fenbrook, detail: { dsl: true, deputyDsl: true } });
      expect(JSON.stringify(contactAudit)).not.toContain('Dana');

      const [day] = await sql()<{ id: string }[]>`
        select id from review_sessions where review_id = ${DEMO_REVIEW_ID} and kind = 'review_day' order by starts_at limit 1`;
      const mails = async (since: Date) =>
        (
          await sql()<{ toAddress: string }[]>`
            select to_address from mail_outbox where subject like 'Safeguarding concern%' and created_at >= ${since}
            order by to_address`
        ).map((m) => m.toAddress);

      const start = new Date(Date.now() - 1000);
      const concern = await client(REVIEWER).post(`/api/sessions/${day?.id ?? ''}/safeguarding-concerns`, {});
      expect(concern.status).toBe(201);
      // The recorded DSL and deputy, and the staff member marked as DSL before contacts could be recorded.
      await expect.poll(() => mails(start)).toEqual(['dsl@fenbrook.example', 'link.lead@fenbrook.demo', DEPUTY]);
      const notices = async () =>
        sql()<{ kind: string }[]>`
          select n.kind from notifications n join users u on u.id = n.user_id
          where u.email = ${DEPUTY} and n.kind = 'safeguarding_concern'`;
      await expect.poll(async () => (await notices()).length).toBe(1);

      const aboutHead = await client(REVIEWER).post(`/api/sessions/${day?.id ?? ''}/safeguarding-concerns`, {
        aboutHeadteacher: true,
      });
      expect(aboutHead.body).toMatchObject({ notified: 'lado' });
      await expect
        .poll(() => mails(start))
        .toEqual(['dsl@fenbrook.example', 'lado@lincs.example', 'link.lead@fenbrook.demo', DEPUTY]);
    });
  });
}
