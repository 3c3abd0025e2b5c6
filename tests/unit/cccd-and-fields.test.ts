// The citizen ID card's QR (both card generations, damaged and foreign codes, the elderly age on the day),
// the typed fields of a procedure, and the catalog file's typed-field syntax.
import { describe, expect, it } from 'vitest';
import { ageOn, checkFieldValue, isElderlyOn, parseCccdQr } from '@luot/contract';
import { catalogFromCsv, validateCatalog } from '../../server/src/dossier/catalog.ts';
import { DEMO_AUTHORITIES } from '../../server/src/seed/procedures.ts';

const OLD_CARD =
  '092066001234|361234567|Nguyễn Văn Bình|15031966|Nam|Số 12, đường 30/4, phường Ninh Kiều, thành phố Cần Thơ|10072021';
const NEW_CARD = '092196005678||Trần Thị Mỹ Linh|02091996|Nữ|Phường Cái Răng, Thành phố Cần Thơ|01072024|';
const NEW_CARD_SHORT = '001158000099||LÊ VĂN TÁM|29111958|Nam|Xã Hòa Lạc, Thành phố Hà Nội';

describe('CCCD QR', () => {
  it('reads the 2021 chip card: id, old id, name, birth, sex, address, issue date', () => {
    const r = parseCccdQr(`${OLD_CARD}\r\n`);
    expect(r).toEqual({
      ok: true,
      card: {
        idNumber: '092066001234',
        oldIdNumber: '361234567',
        name: 'Nguyễn Văn Bình',
        birthDate: '1966-03-15',
        sex: 'Nam',
        address: 'Số 12, đường 30/4, phường Ninh Kiều, thành phố Cần Thơ',
        issueDate: '2021-07-10',
        layout: 'chip-2021',
      },
    });
  });

  it('reads the 2024 card: empty old id, extra fields after the issue date, or no issue date', () => {
    const r = parseCccdQr(NEW_CARD);
    expect(r.ok && r.card).toMatchObject({
      idNumber: '092196005678',
      oldIdNumber: null,
      name: 'Trần Thị Mỹ Linh',
      birthDate: '1996-09-02',
      sex: 'Nữ',
      issueDate: '2024-07-01',
      layout: 'card-2024',
    });
    const short = parseCccdQr(NEW_CARD_SHORT);
    expect(short.ok && short.card).toMatchObject({
      idNumber: '001158000099',
      name: 'LÊ VĂN TÁM',
      birthDate: '1958-11-29',
      issueDate: null,
      layout: 'card-2024',
    });
    // Decomposed diacritics (some scanners) read the same as composed ones.
    const nfd = parseCccdQr(OLD_CARD.normalize('NFD'));
    expect(nfd.ok && nfd.card.name).toBe('Nguyễn Văn Bình');
  });

  it('says a damaged code is damaged, with what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['092066001234|361234567|Nguyễn Văn Bình|15031966', /chỉ có 4 trường/],
      ['09206600123|361234567|Nguyễn Văn Bình|15031966|Nam|Cần Thơ|10072021', /12 chữ số/],
      ['092066001234|361234567|Nguyễn Văn Bình|31021966|Nam|Cần Thơ|10072021', /ngày sinh/],
      ['092066001234|361234567|Nguyễn Văn Bình|15031966|X|Cần Thơ|10072021', /giới tính/],
      ['092066001234|36123|Nguyễn Văn Bình|15031966|Nam|Cần Thơ|10072021', /CMND/],
      ['092066001234|361234567||15031966|Nam|Cần Thơ|10072021', /họ và tên/],
      ['092066001234|361234567|Nguyễn Văn Bình|15031966|Nam||10072021', /nơi thường trú/],
      ['092066001234|361234567|Nguyễn Văn Bình|15031966|Nam|Cần Thơ|1007202', /ngày cấp/],
      ['092066001234|361234567|Nguy\uFFFDn V\uFFFDn|15031966|Nam|Cần Thơ|10072021', /họ và tên/],
    ];
    for (const [text, reason] of cases) {
      const r = parseCccdQr(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.problem, text).toBe('damaged');
        expect(r.message, text).toMatch(reason);
        expect(r.messageEn).toBeTruthy();
      }
    }
  });

  it('says another code is not an ID card', () => {
    for (const text of [
      'https://luot.example.vn/track/?code=000.00.31.H13-261123-0007&s=AB12',
      '000.00.31.H13-261123-0007',
      '00020101021238570010A000000727012700069704220113VQRQ00001234', // a VietQR payment
      'Nguyễn Văn Bình|092066001234',
      'hello world',
    ]) {
      const r = parseCccdQr(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.problem, text).toBe('foreign');
        expect(r.message).toBe('Đây không phải mã QR của thẻ căn cước công dân.');
      }
    }
    const empty = parseCccdQr('  ');
    expect(!empty.ok && empty.problem).toBe('empty');
  });

  it('counts 60 years exactly on the birthday as elderly, the day before not', () => {
    const r = parseCccdQr(OLD_CARD);
    if (!r.ok) throw new Error(r.message);
    expect(ageOn(r.card.birthDate, '2026-03-14')).toBe(59);
    expect(isElderlyOn(r.card.birthDate, '2026-03-14')).toBe(false);
    expect(ageOn(r.card.birthDate, '2026-03-15')).toBe(60);
    expect(isElderlyOn(r.card.birthDate, '2026-03-15')).toBe(true);
    expect(isElderlyOn(r.card.birthDate, '2026-12-31')).toBe(true);
    // Born on 29 February: 60 from 1 March of a common year.
    expect(isElderlyOn('1966-02-28', '2026-02-28')).toBe(true);
    expect(isElderlyOn('1964-02-29', '2024-02-29')).toBe(true);
    expect(isElderlyOn('1966-03-01', '2026-02-28')).toBe(false);
  });
});

describe('typed procedure fields', () => {
  const check = (type: Parameters<typeof checkFieldValue>[0]['type'], value: string, options?: string[]) =>
    checkFieldValue({ label: 'x', type, options }, value);

  it('accepts and normalises valid values', () => {
    expect(check('date', '5/3/2026')).toEqual({ ok: true, value: '05/03/2026' });
    expect(check('date', '29/02/2024')).toEqual({ ok: true, value: '29/02/2024' });
    expect(check('date', '2026-11-20')).toEqual({ ok: true, value: '20/11/2026' });
    expect(check('number', '1.500.000')).toEqual({ ok: true, value: '1500000' });
    expect(check('number', '2,5')).toEqual({ ok: true, value: '2.5' });
    expect(check('number', '12')).toEqual({ ok: true, value: '12' });
    expect(check('idNumber', '092066001234')).toEqual({ ok: true, value: '092066001234' });
    expect(check('phone', '0907 123 456')).toEqual({ ok: true, value: '0907123456' });
    expect(check('phone', '+84907123456')).toEqual({ ok: true, value: '+84907123456' });
    expect(check('choice', 'cấp i', ['Cấp đặc biệt', 'Cấp I'])).toEqual({ ok: true, value: 'Cấp I' });
    expect(check(undefined, ' tự do ')).toEqual({ ok: true, value: 'tự do' });
  });

  it('refuses values of the wrong shape with the expected form in words', () => {
    for (const [type, value] of [
      ['date', 'hôm qua'],
      ['date', '31/02/2026'],
      ['date', '12/13/2026'],
      ['number', 'mười'],
      ['number', '1.5.0'],
      ['idNumber', '09206600123'],
      ['idNumber', '09206600123a'],
      ['phone', '12345'],
      ['phone', '0907 123 45'],
    ] as const) {
      const r = check(type, value);
      expect(r.ok, `${type} ${value}`).toBe(false);
    }
    const date = check('date', 'hôm qua');
    expect(!date.ok && date.reason).toMatch(/dd\/mm\/yyyy/);
    const choice = check('choice', '3', ['1', '2']);
    expect(!choice.ok && choice.reason).toMatch(/1, 2/);
  });
});

describe('catalog typed fields', () => {
  const header = 'code,name,areaCode,level,departmentId,processingDays,fee,documents,fields';
  it('reads types and options from CSV, and old files as free text', () => {
    const csv = `${header}\n1.000656,Đăng ký khai tử,HT,commune,,3,0,Tờ khai,"deceasedName:Họ và tên người chết|deathDate=date:Ngày chết|pages?=number:Số trang|tel?=phone:Điện thoại|kind=choice(Phiếu số 1;Phiếu số 2):Loại phiếu: ghi rõ"\n`;
    const { rows, lineOf } = catalogFromCsv(csv);
    const [p] = validateCatalog(rows, DEMO_AUTHORITIES, lineOf);
    expect(p.fields).toEqual([
      { key: 'deceasedName', label: 'Họ và tên người chết', required: true },
      { key: 'deathDate', label: 'Ngày chết', required: true, type: 'date' },
      { key: 'pages', label: 'Số trang', required: false, type: 'number' },
      { key: 'tel', label: 'Điện thoại', required: false, type: 'phone' },
      {
        key: 'kind',
        label: 'Loại phiếu: ghi rõ',
        required: true,
        type: 'choice',
        options: ['Phiếu số 1', 'Phiếu số 2'],
      },
    ]);
  });

  it('refuses an unknown type, a choice without options, options on another type', () => {
    for (const cell of ['d=datum:Ngày', 'k=choice:Loại', 'k=choice():Loại', 'n=number(1;2):Số']) {
      const { rows, lineOf } = catalogFromCsv(
        `${header}\n1.000656,Đăng ký khai tử,HT,commune,,3,0,Tờ khai,"${cell}"\n`,
      );
      expect(() => validateCatalog(rows, DEMO_AUTHORITIES, lineOf), cell).toThrow(/row 2/);
    }
    // JSON files say the same.
    expect(() =>
      validateCatalog(
        [
          {
            code: '1.000656',
            name: 'Khai tử',
            areaCode: 'HT',
            level: 'commune',
            departmentId: null,
            processingDays: 3,
            fee: 0,
            documents: [],
            fields: [{ key: 'k', label: 'K', required: true, type: 'choice' }],
          },
        ],
        DEMO_AUTHORITIES,
      ),
    ).toThrow(/choice without options/);
  });
});

describe('kiosk ID card step', () => {
  it('gives the elderly priority from 60 exactly on the day, and says why not otherwise', async () => {
    const { elderlyFromCard } = await import('../../kiosk/src/cccd.ts');
    expect(elderlyFromCard(OLD_CARD, '2026-03-15')).toEqual({ elderly: true, problem: null });
    expect(elderlyFromCard(OLD_CARD, '2026-03-14')).toEqual({ elderly: false, problem: null });
    const damaged = elderlyFromCard('092066001234|361234567|Nguyễn Văn Bình', '2026-03-15');
    expect(damaged.elderly).toBe(false);
    expect(damaged.problem?.problem).toBe('damaged');
  });
});
