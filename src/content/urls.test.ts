import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlsFor, withinSite, type Urls } from './urls.ts';

test('the site’s own places become paths; a site under a path keeps it', () => {
  const paths = withinSite(urlsFor('https://news.example/'), 'https://news.example/');
  assert.equal(paths.article('world', 'a-story'), '/world/a-story');
  assert.equal(paths.media('abc', '640.webp'), '/media/abc/640.webp');
  assert.equal(paths.page('about'), '/info/about');
  const under = withinSite(urlsFor('https://example.org/news'), 'https://example.org/news');
  assert.equal(under.section('world'), '/news/world');
  assert.equal(under.topic('trade'), '/news/topic/trade');
});

test('a place on another origin stays absolute, and a look-alike host is not taken for the site', () => {
  const cdn: Urls = { ...urlsFor('https://news.example'), media: (id, file) => `https://cdn.example/media/${id}/${file}` };
  const paths = withinSite(cdn, 'https://news.example');
  assert.equal(paths.media('abc', '640.webp'), 'https://cdn.example/media/abc/640.webp');
  const lookalike = withinSite(urlsFor('https://news.example.evil'), 'https://news.example');
  assert.equal(lookalike.author('someone'), 'https://news.example.evil/author/someone');
});

test('with MEDIA_PUBLIC_URL, variants are linked at the bucket (its public/ prefix) and crops still at /media, where they are made', () => {
  const urls = urlsFor('https://news.example', 'https://media.example/');
  assert.equal(urls.media('abc', '640.webp'), 'https://media.example/public/abc/640.webp');
  assert.equal(urls.media('abc', 'wide-50-50.jpg'), 'https://news.example/media/abc/wide-50-50.jpg');
  const paths = withinSite(urls, 'https://news.example');
  assert.equal(paths.media('abc', '2000.avif'), 'https://media.example/public/abc/2000.avif');
  assert.equal(paths.media('abc', 'wide-50-50.jpg'), '/media/abc/wide-50-50.jpg');
});
