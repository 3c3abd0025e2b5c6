// The tracking page's words: "Quý khách", never "Bạn", never "khoảng 0 phút"; the grace period in Vietnam time.
import { describe, expect, it } from 'vitest';
import { callWords, graceWords, placeWords, TICKET_WORDS, waitWords, WORDS } from '../../track/src/track.ts';

describe('tracking page words', () => {
  it('never says "khoảng 0 phút": soon, a few minutes, or about N minutes / hours', () => {
    for (let ahead = 0; ahead < 30; ahead++)
      for (let m = 0; m < 200; m++) expect(waitWords(ahead, m, 'vi')).not.toMatch(/khoảng 0 phút|khoảng 0 giờ/);
    expect(waitWords(0, 0, 'vi')).toBe('Sắp đến lượt Quý khách');
    expect(waitWords(0, 12, 'vi')).toBe('Sắp đến lượt Quý khách');
    expect(waitWords(2, 3, 'vi')).toBe('Dự kiến: ít phút nữa');
    expect(waitWords(4, 20, 'vi')).toBe('Thời gian chờ dự kiến: khoảng 20 phút');
    expect(waitWords(9, 60, 'vi')).toBe('Thời gian chờ dự kiến: khoảng 1 giờ');
    expect(waitWords(9, 95, 'vi')).toBe('Thời gian chờ dự kiến: khoảng 1 giờ 35 phút');
    expect(waitWords(9, 95, 'en')).toBe('Expected wait: about 1 h 35 min');
    expect(waitWords(3, null, 'vi')).toBe('Hiện chưa có quầy nào phục vụ lĩnh vực này');
  });

  it('addresses the citizen as "Quý khách", never "Bạn"', () => {
    const all = [
      ...Object.values(TICKET_WORDS).map((w) => w.vi),
      ...Object.values(WORDS.vi).map((w) => (typeof w === 'function' ? w(3 as never) : w)),
      placeWords(0, 'vi'),
      placeWords(4, 'vi'),
      callWords(3, 'vi'),
    ].join('\n');
    expect(all).not.toMatch(/\bbạn\b/i);
    expect(callWords(3, 'vi')).toBe('Mời Quý khách đến quầy số 3');
    expect(placeWords(1, 'en')).toBe('1 person ahead of you');
  });

  it('says until when a no-show may come back (Vietnam time), then that it is too late', () => {
    const until = '2026-11-30T03:45:00.000Z'; // 10:45 in Hà Nội / Cần Thơ
    const open = graceWords(until, Date.parse('2026-11-30T03:20:00Z'), 1002, 'vi');
    expect(open).toEqual({
      open: true,
      lead: 'Quý khách có thể quay lại đến 10:45 ngày 30/11/2026',
      detail: 'Mời Quý khách đến quầy, báo cán bộ số thứ tự 1002 để được xếp lại lượt theo thứ tự cũ.',
    });
    const closed = graceWords(until, Date.parse('2026-11-30T03:46:00Z'), 1002, 'vi');
    expect(closed).toMatchObject({
      open: false,
      lead: 'Đã quá thời gian quay lại (10:45)',
      detail: 'Mời Quý khách lấy số thứ tự mới tại kiosk.',
    });
    expect(graceWords(until, Date.parse('2026-11-30T03:20:00Z'), 1002, 'en').lead).toBe(
      'You may come back until 10:45 on 30/11/2026',
    );
  });
});
