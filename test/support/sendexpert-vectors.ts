/**
 * SendExpert request-sign and callback-checksum vectors (docs/protocols/sendexpert.md §Test vectors),
 * shared by the wire module's tests and the client's: both sides must agree with PHP byte for byte.
 */
export const KEY = 'e10adc3949ba59abbe56e057f20f883e';

export const VECTORS: { data: unknown; json: string; sign: string; checksum: string }[] = [
  {
    data: { time_start: 1506459600, time_end: 1506546000 },
    json: '{"time_start":1506459600,"time_end":1506546000}',
    sign: 'c7694221a402f5f014215ef85033c821',
    checksum: '9cdedcc08e560f787a4688bfe6d952ca',
  },
  {
    data: { email: 'ivan@example.com', subject: 'Привет / тест', url: 'https://ex.com/a?b=1&c=<2>', quote: 'it\'s "q"' },
    json: '{"email":"ivan@example.com","subject":"\\u041f\\u0440\\u0438\\u0432\\u0435\\u0442 \\/ \\u0442\\u0435\\u0441\\u0442","url":"https:\\/\\/ex.com\\/a?b=1&c=<2>","quote":"it\'s \\"q\\""}',
    sign: '86f811e114673d2244efc7a18eea52b3',
    checksum: 'a8f1495106d62e9601329e7e1cdae488',
  },
  {
    data: { smile: '😀', price: 10.0, ratio: 0.1, n: null, b: true, list: [], map: { a: 1 } },
    json: '{"smile":"\\ud83d\\ude00","price":10,"ratio":0.1,"n":null,"b":true,"list":[],"map":{"a":1}}',
    sign: '84b7bf22b26d68fbeb6ff345f4382045',
    checksum: 'c9b0239c1ba5eee6af8169c18a4dbef0',
  },
  {
    data: { id: '007', amount: '12.50' },
    json: '{"id":"007","amount":"12.50"}',
    sign: 'f9706463ce957c8b4ed07613c0ca5144',
    checksum: '511c9471fb2dd4a1e88710a97002384f',
  },
];
