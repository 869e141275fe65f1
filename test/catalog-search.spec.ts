import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, placeOrder, publishContent } from './support/journeys.js';
import { type HttpResponse, TestApp, type TestUser } from './support/test-app.js';

const lesson = (title: string, body = '正文', preview = false) => ({ title, body, preview });

describe('search over HTTP', () => {
  let app: TestApp;
  let creator: TestUser;
  let otherCreator: TestUser;
  let learner: TestUser;
  let moderator: TestUser;
  let titleHit: string;
  let headingHit: string;
  let freeArticle: string;

  const search = (query: string, token?: string): Promise<HttpResponse> => app.request('GET', `/api/v1/search?${query}`, { token });
  const q = (text: string) => `q=${encodeURIComponent(text)}`;
  const ids = (page: HttpResponse): string[] => page.body.items.map((hit: { id: string }) => hit.id);

  beforeAll(async () => {
    // Low suggestion limits, so a burst of 30 goes over them (the other tests ask for suggestions from 127.0.0.1 13 times).
    app = await TestApp.start({ env: { SEARCH_SUGGESTIONS_PER_MINUTE_PER_USER: '10', SEARCH_SUGGESTIONS_PER_MINUTE_PER_IP: '20' } });
    [creator, otherCreator, learner, moderator] = await Promise.all([
      app.user('search-creator', ['creator']),
      app.user('search-other-creator', ['creator']),
      app.user('search-learner'),
      app.user('search-moderator', ['moderator']),
    ]);
    titleHit = await publishContent(app, creator, moderator.token, {
      title: 'Python数据分析实战',
      summary: '用 pandas 处理表格',
      tags: ['python'],
      priceCents: 4000,
      lessons: [lesson('环境准备', 'SECRET-BODY-TEXT 只有买家能读', false)],
    });
    headingHit = await publishContent(app, otherCreator, moderator.token, {
      title: '办公自动化入门',
      summary: '让电脑替你做重复的事',
      tags: ['效率'],
      priceCents: 3000,
      lessons: [lesson('欢迎', '介绍', true), lesson('第二章：数据分析的基本方法', '付费正文：透视表')],
    });
    freeArticle = await publishContent(app, otherCreator, moderator.token, {
      kind: 'article',
      title: 'Machine learning <b>basics</b> & 数据',
      summary: 'A free article about machine learning for beginners: what a model is, how it learns from examples, and how to tell whether it learned anything, with a word on 数据分析 at the very end.',
      tags: ['机器学习'],
      priceCents: 0,
      lessons: [lesson('Intro', 'free body', true)],
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds 数据分析 inside the title Python数据分析实战 and ranks title > summary > lesson-heading hits', async () => {
    const page = await search(q('数据分析'));
    expect(page.status).toBe(200);
    expect(ids(page)).toEqual([titleHit, freeArticle, headingHit]);
    expect(page.body.items[0].highlights.title).toBe('Python<mark>数据分析</mark>实战');
    expect(page.body.items[2].highlights.title).toBeNull();
    expect(page.body.items[2].highlights.lessonHeadings).toEqual(['第二章：<mark>数据分析</mark>的基本方法']);
  });

  it('understands mixed Chinese and English queries, in any case, and typos in a word', async () => {
    expect(ids(await search(q('Python 数据分析')))).toEqual([titleHit]);
    expect(ids(await search(q('PYTHON数据分析')))).toEqual([titleHit]);
    expect(ids(await search(q('pyton'))).at(0)).toBe(titleHit);
    expect(ids(await search(q('machine learning')))).toEqual([freeArticle]);
  });

  it('never shows a lesson body, nor finds a content by words only in its bodies', async () => {
    expect(ids(await search(q('SECRET-BODY-TEXT')))).toEqual([]);
    const page = await search(q('数据分析'), learner.token);
    expect(JSON.stringify(page.body)).not.toContain('SECRET-BODY-TEXT');
    expect(JSON.stringify(page.body)).not.toContain('付费正文');
  });

  it('shows nothing unpublished, not even to its own creator, nor a rejected content', async () => {
    const draft = await app.request('POST', '/api/v1/contents', {
      token: creator.token,
      body: { kind: 'article', title: 'Python数据分析草稿', summary: 's', priceCents: 100, currency: 'CNY', tags: [], lessons: [lesson('一')] },
    });
    expect(draft.status).toBe(201);
    for (const token of [undefined, creator.token, learner.token, moderator.token]) {
      expect(ids(await search(q('数据分析草稿'), token))).not.toContain(draft.body.id);
    }
    await app.request('POST', `/api/v1/contents/${draft.body.id}/submit`, { token: creator.token });
    await app.request('POST', `/api/v1/admin/contents/${draft.body.id}/reject`, { token: moderator.token, body: { reason: 'no' } });
    expect(ids(await search(q('数据分析草稿'), creator.token))).not.toContain(draft.body.id);
  });

  it('says which hits the caller owns and filters on it, asking commerce once per search', async () => {
    const order = await placeOrder(app, learner, [titleHit]);
    expect(order.status).toBe(201);
    expect((await deliverWebhook(app, { paymentId: order.body.payment.id, amountCents: 4000 })).status).toBe(200);

    const all = await search(q('数据分析'), learner.token);
    expect(all.body.items.map((hit: { id: string; owned: boolean }) => [hit.id, hit.owned])).toEqual([
      [titleHit, true],
      [freeArticle, false],
      [headingHit, false],
    ]);
    expect(ids(await search(`${q('数据分析')}&owned=true`, learner.token))).toEqual([titleHit]);
    expect(ids(await search(`${q('数据分析')}&owned=false`, learner.token))).toEqual([freeArticle, headingHit]);
    // Another learner owns nothing; an anonymous caller owns nothing.
    expect((await search(q('数据分析'), otherCreator.token)).body.items.every((hit: { owned: boolean }) => !hit.owned)).toBe(true);
    expect(ids(await search(`${q('数据分析')}&owned=true`))).toEqual([]);
  });

  it('counts facets (each without its own filter) and filters by kind and price band', async () => {
    const page = await search(`${q('数据')}&price=paid`);
    expect(ids(page).sort()).toEqual([titleHit, headingHit].sort());
    expect(page.body.total).toBe(2);
    expect(page.body.facets.price).toEqual({ paid: 2, free: 1 });
    expect(page.body.facets.kind).toEqual({ course: 2 });
    expect(ids(await search(`${q('数据')}&kind=article`))).toEqual([freeArticle]);
    expect(ids(await search(`${q('数据')}&price=free`))).toEqual([freeArticle]);
  });

  it('escapes HTML in highlights and cuts long summaries to a snippet around the match', async () => {
    const [hit] = (await search(q('machine'))).body.items;
    expect(hit.highlights.title).toBe('<mark>Machine</mark> learning &lt;b&gt;basics&lt;/b&gt; &amp; 数据');
    expect(hit.highlights.summary).toContain('<mark>machine</mark>');
    const [far] = (await search(q('数据分析'))).body.items.filter((item: { id: string }) => item.id === freeArticle);
    expect(far.highlights.summary.startsWith('…')).toBe(true);
    expect(far.highlights.summary).toContain('<mark>数据分析</mark>');
  });

  it('pages through results by cursor without repeating or losing a hit', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpResponse = await search(`${q('数据')}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids(await search(q('数据'))));
    expect(new Set(seen).size).toBe(3);
  });

  it('suggests titles as the user types, Chinese or not', async () => {
    const typed = async (text: string) => (await app.request('GET', `/api/v1/search/suggestions?${q(text)}`)).body.suggestions;
    expect(await typed('pyth')).toEqual(['Python数据分析实战']);
    expect(await typed('数据分')).toContain('Python数据分析实战');
    expect(await typed('办公')).toEqual(['办公自动化入门']);
    expect(await typed('数据分析草稿')).toEqual([]);
    expect(await typed('🙂')).toEqual([]);
  });

  it('limits suggestions per user and per address: 30 parallel requests get some 429s with Retry-After, and nothing else breaks', async () => {
    const suggest = (options: { token?: string; remoteAddress: string }) => app.request('GET', `/api/v1/search/suggestions?${q('pyth')}`, options);
    const expectLimited = (responses: HttpResponse[], allowed: number) => {
      const ok = responses.filter((response) => response.status === 200);
      const refused = responses.filter((response) => response.status === 429);
      // Within one minute window at most `allowed` pass; a burst that straddles two windows may pass twice as many.
      expect(ok.length + refused.length).toBe(30);
      expect(ok.length).toBeGreaterThanOrEqual(allowed);
      expect(ok.length).toBeLessThanOrEqual(2 * allowed);
      for (const response of ok) expect(response.body.suggestions).toEqual(['Python数据分析实战']);
      for (const response of refused) {
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.body.code).toBe('CATALOG.SUGGESTIONS_RATE_LIMITED');
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    };

    // One signed-in user: 10 a minute.
    expectLimited(await Promise.all(Array.from({ length: 30 }, () => suggest({ token: learner.token, remoteAddress: '198.51.100.1' }))), 10);
    // Everything else still works: that user's searches, another user at the same address, anyone elsewhere.
    expect(ids(await search(q('数据分析'), learner.token)).at(0)).toBe(titleHit);
    expect((await suggest({ token: otherCreator.token, remoteAddress: '198.51.100.1' })).status).toBe(200);
    expect((await suggest({ remoteAddress: '198.51.100.2' })).status).toBe(200);

    // One address, signed in or not: 20 a minute, then even a user who has asked nothing yet is refused there.
    const minute = Math.floor(Date.now() / 60_000);
    expectLimited(await Promise.all(Array.from({ length: 30 }, () => suggest({ remoteAddress: '198.51.100.3' }))), 20);
    const there = await suggest({ token: moderator.token, remoteAddress: '198.51.100.3' });
    if (Math.floor(Date.now() / 60_000) === minute) expect(there.status).toBe(429);
    expect((await suggest({ token: moderator.token, remoteAddress: '198.51.100.4' })).status).toBe(200);
  });

  it('answers hostile queries without a 500: operators, quotes, backslashes, emoji, NUL, 10k characters', async () => {
    for (const text of ["& | ! : * ( ) ' \\", "python:* & !'数据'", '(((', "'; DROP TABLE catalog_search_documents; --", '🙂🙃 数据分析 🚀', '%_\\', '<->', 'a'.repeat(200)]) {
      const page = await search(q(text));
      expect(page.status, text).toBe(200);
      const suggestions = await app.request('GET', `/api/v1/search/suggestions?${q(text)}`);
      expect(suggestions.status, text).toBe(200);
    }
    expect(ids(await search(q('🙂🙃 数据分析 🚀'))).at(0)).toBe(titleHit);
    const nul = await search(q('数据\u0000分析'));
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toContain('application/problem+json');
    const long = await search(q('数'.repeat(10_000)));
    expect(long.status).toBe(400);
    expect(long.headers['content-type']).toContain('application/problem+json');
    for (const bad of ['kind=podcast', 'price=cheap', 'owned=yes', 'category=Not_A_Slug', 'cursor=bogus']) {
      const page = await search(`q=x&${bad}`);
      expect(page.status, bad).toBe(400);
    }
    // Without q it browses: every published content, with facets; still nothing unpublished.
    const browse = await search('kind=course');
    expect(browse.status).toBe(200);
    expect(ids(browse)).toEqual(expect.arrayContaining([titleHit, headingHit]));
    expect(ids(browse)).not.toContain(freeArticle);
    expect(browse.body.facets.kind).toEqual({ course: 2, article: 1 });
    expect((await app.sql(`SELECT count(*)::int AS n FROM catalog_search_documents`))[0].n).toBeGreaterThan(0);
  });
});

describe('search over more matches than SEARCH_MAX_CANDIDATES', () => {
  let app: TestApp;
  const search = (text: string): Promise<HttpResponse> => app.request('GET', `/api/v1/search?q=${encodeURIComponent(text)}`);

  beforeAll(async () => {
    app = await TestApp.start({ env: { SEARCH_MAX_CANDIDATES: '2' } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('ranks and counts only the first candidates, title and tag hits before the rest, and says the total is a lower bound', async () => {
    const [creator, moderator] = await Promise.all([app.user('capped-creator', ['creator']), app.user('capped-moderator', ['moderator'])]);
    const publish = (title: string, summary: string, tags: string[], heading: string) =>
      publishContent(app, creator, moderator.token, { title, summary, tags, priceCents: 1000, lessons: [lesson(heading, '正文')] });
    // Published first, so a scan in table order would meet them first.
    const summaryHit = await publish('办公效率手册', '其中一章讲数据分析', ['效率'], '第一讲');
    const headingHit = await publish('职场写作课', '写好周报', ['写作'], '第三讲：数据分析报告');
    const tagHit = await publish('Excel进阶', '透视表与函数', ['数据分析'], '第一讲');
    const titleHit = await publish('数据分析实战', '从表格到图表', ['excel'], '第一讲');

    const page = await search('数据分析');
    expect(page.status).toBe(200);
    expect(page.body.items.map((hit: { id: string }) => hit.id)).toEqual([titleHit, tagHit]);
    expect(page.body).toMatchObject({ total: 2, totalCapped: true, facets: { kind: { course: 2 }, price: { paid: 2 } } });
    expect(page.body.items.map((hit: { id: string }) => hit.id)).not.toContain(summaryHit);
    expect(page.body.items.map((hit: { id: string }) => hit.id)).not.toContain(headingHit);

    // Fewer matches than the cap: the total is exact again.
    expect((await search('周报')).body).toMatchObject({ total: 1, totalCapped: false, items: [{ id: headingHit }] });
    // A typo still finds its word through trigrams when full-text search finds nothing.
    expect((await search('excell')).body.items.map((hit: { id: string }) => hit.id).sort()).toEqual([tagHit, titleHit].sort());
  });
});
