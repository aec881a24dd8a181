import { DateTime } from "luxon";
const isos: string[] = [];
for (let i = 0; i < 200000; i++) { const at = Date.UTC(2026,0,5) + i * 1777; isos.push(i % 5 ? new Date(at).toISOString() : new Date(at + 7200000).toISOString().slice(0,23) + "+02:00"); }
for (let k = 0; k < 3; k++) {
let t = performance.now(); let s = 0;
for (const v of isos) s += DateTime.fromISO(v, { setZone: true }).toMillis();
const a = performance.now() - t; t = performance.now(); let s2 = 0;
for (const v of isos) s2 += Date.parse(v);
const b = performance.now() - t;
console.log("luxon", (a*1000/isos.length).toFixed(2), "us; Date.parse", (b*1000/isos.length).toFixed(3), "us; same", s === s2);
}
for (const v of ["2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T10:00+0100", "2026-01-01T10:00:00.123456789Z", "2026-01-01T10:00+01"]) console.log(v, Date.parse(v), DateTime.fromISO(v, {setZone:true}).toMillis());
