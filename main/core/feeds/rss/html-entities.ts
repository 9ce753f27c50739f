/**
 * Named character references that feeds really use: XML's five, HTML 4's
 * Latin-1 set (RSS 0.91's DTD declares exactly these, and many feeds still
 * write `&eacute;` without any DTD) and the common typographic ones. Decoding
 * is a single pass over a fixed table — no reference ever expands into another
 * reference, so nothing here can be made to grow (unlike DTD-declared entities,
 * which the parser refuses; see xml-document.ts).
 */
const LATIN1_FROM_160 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
  'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
  'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'

const OTHERS: Record<string, number> = {
  quot: 34, amp: 38, apos: 39, lt: 60, gt: 62,
  OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710, tilde: 732,
  ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
  ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243,
  lsaquo: 8249, rsaquo: 8250, euro: 8364, trade: 8482, larr: 8592, uarr: 8593, rarr: 8594, darr: 8595,
  harr: 8596, minus: 8722, le: 8804, ge: 8805, ne: 8800, infin: 8734,
}

const NAMED = new Map<string, string>()
LATIN1_FROM_160.split(' ').forEach((name, index) => NAMED.set(name, String.fromCodePoint(160 + index)))
for (const [name, code] of Object.entries(OTHERS)) NAMED.set(name, String.fromCodePoint(code))

const XML_ONLY = new Map<string, string>([
  ['quot', '"'],
  ['amp', '&'],
  ['apos', "'"],
  ['lt', '<'],
  ['gt', '>'],
])

// Names are bounded so a long run of letters after '&' costs nothing.
const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/g

function fromCodePoint(code: number): string {
  // Characters XML forbids (NUL, C0 controls but tab/newline/CR, surrogates, beyond Unicode) become U+FFFD.
  const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  return allowed ? String.fromCodePoint(code) : '\uFFFD'
}

function decodeWith(table: Map<string, string>, text: string): string {
  if (!text.includes('&')) return text
  return text.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16))
    if (dec !== undefined) return fromCodePoint(parseInt(dec, 10))
    return table.get(name ?? '') ?? whole
  })
}

/**
 * Decodes character references in XML character data or in text taken out of
 * an HTML fragment: the five predefined entities, numeric references, and the
 * HTML names above (which a strict XML parser would reject; feeds use them
 * anyway). Unknown names are left as written.
 */
export function decodeCharacterReferences(text: string): string {
  return decodeWith(NAMED, text)
}

/** Only XML's five and numeric references: for attribute values such as URLs. */
export function decodeXmlAttribute(text: string): string {
  return decodeWith(XML_ONLY, text)
}
