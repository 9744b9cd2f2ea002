import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerMd5, answerMsnp11, newChallenge } from './challenge';

test('MSNP6-10 answer: md5(challenge + key)', () => {
  assert.equal(answerMd5('12345678901234567890', 'Q1P7W2E4J9R8U3S5'), '8ba1bb9d6dbf624fee31a2053af5fdd0');
});

test('MSNP11+ answer matches the published test vectors', () => {
  assert.equal(answerMsnp11('22210219642164014968', 'PROD0090YUAUV{2B', 'YMM8C_H7KCQ2S_KL'), '85ecb0db8f32113df79ce0892b9a102c');
  assert.equal(answerMsnp11('11533365622852247127', 'PROD0113H11T8$X_', 'RG@XY*28Q5QHS%Q5'), 'f086d1ded067186deca8dba2231602cf');
  assert.equal(answerMsnp11('237191752526424888127371168', 'PROD0113H11T8$X_', 'RG@XY*28Q5QHS%Q5'), '65b6b623c649c25629af048d34066040');
});

test('challenges are 20 decimal digits', () => {
  for (let i = 0; i < 50; i++) assert.match(newChallenge(), /^[1-9]\d{19}$/);
});
