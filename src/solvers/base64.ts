// The bytes of the generated modules' base64 text. (src/solvers is compiled for ES2022 without DOM or Node
// types: neither atob nor Buffer is there.)
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let acc = 0
  let bits = 0
  let at = 0
  for (let k = 0; k < clean.length; k++) {
    acc = (acc << 6) | B64.indexOf(clean[k])
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[at++] = (acc >>> bits) & 0xff
    }
  }
  return out
}
