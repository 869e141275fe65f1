import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/**
 * The words of a text, lower-cased: Chinese runs segmented by jieba (数据分析 stays one word),
 * other scripts split at anything that is not a letter or a digit. Single Latin letters and
 * digits are dropped; single Chinese characters are kept only when jieba finds nothing longer.
 */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const run of text.toLowerCase().match(/\p{Script=Han}+|[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(run)) {
      jieba ??= Jieba.withDict(dict);
      for (const word of jieba.cut(run, false)) if (word.trim()) words.push(word);
    } else if (run.length > 1) {
      words.push(run);
    }
  }
  return words;
}

/** An item's terms for the content model: its words, and its tags, category and creator as whole features. */
export function itemTerms(item: { title: string; summary?: string; tags?: readonly string[]; category?: string; creator?: string }): string[] {
  return [
    ...wordsOf(`${item.title} ${item.summary ?? ''}`),
    ...(item.tags ?? []).map((tag) => `tag:${tag.toLowerCase()}`),
    ...(item.category ? [`category:${item.category.toLowerCase()}`] : []),
    ...(item.creator ? [`creator:${item.creator.toLowerCase()}`] : []),
  ];
}
