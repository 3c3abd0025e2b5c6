// A sample of the procedure catalog of the demo province, and its competent authorities.
// Procedure codes and processing times follow the national procedure database (csdl.dichvucong.gov.vn) as
// recalled at the time of writing; agency identifiers are plausible demo values. Check both before production.
import type { Authority, FieldType, Procedure, ProcedureField } from '@luot/contract';
import type { Store } from '../store/store.ts';

const department = (id: string, code: string, name: string): Authority => ({
  id,
  code,
  name,
  level: 'province',
  statsCode: null,
});
const commune = (id: string, code: string, name: string, statsCode: string): Authority => ({
  id,
  code,
  name: `Ủy ban nhân dân ${name}`,
  level: 'commune',
  statsCode,
});

export const DEMO_AUTHORITIES: Authority[] = [
  department('so-tu-phap', '000.12.00.H13', 'Sở Tư pháp thành phố Cần Thơ'),
  department('so-xay-dung', '000.14.00.H13', 'Sở Xây dựng thành phố Cần Thơ'),
  department('so-tai-chinh', '000.16.00.H13', 'Sở Tài chính thành phố Cần Thơ'),
  department('so-nong-nghiep-moi-truong', '000.18.00.H13', 'Sở Nông nghiệp và Môi trường thành phố Cần Thơ'),
  department('so-noi-vu', '000.20.00.H13', 'Sở Nội vụ thành phố Cần Thơ'),
  commune('ubnd-ninh-kieu', '000.31.11.H13', 'phường Ninh Kiều', '31117'),
  commune('ubnd-cai-rang', '000.31.12.H13', 'phường Cái Răng', '31186'),
  commune('ubnd-binh-thuy', '000.31.13.H13', 'phường Bình Thủy', '31153'),
  commune('ubnd-an-binh', '000.31.14.H13', 'phường An Bình', '31168'),
];

const field = (
  key: string,
  label: string,
  required = true,
  type: FieldType = 'text',
  options?: string[],
): ProcedureField => ({
  key,
  label,
  required,
  ...(type !== 'text' ? { type } : {}),
  ...(options ? { options } : {}),
});

export const DEMO_PROCEDURES: Procedure[] = [
  {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    areaCode: 'HT',
    level: 'commune',
    departmentId: null,
    processingDays: 0,
    fee: 0,
    documents: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh', 'Giấy tờ tùy thân của người đi đăng ký'],
    fields: [
      field('childName', 'Họ, chữ đệm và tên của trẻ'),
      field('birthDate', 'Ngày sinh', true, 'date'),
      field('relation', 'Quan hệ với trẻ'),
    ],
  },
  {
    code: '1.000894',
    name: 'Đăng ký kết hôn',
    areaCode: 'HT',
    level: 'commune',
    departmentId: null,
    processingDays: 5,
    fee: 0,
    documents: ['Tờ khai đăng ký kết hôn', 'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký ở nơi khác nơi cư trú)'],
    fields: [
      field('partnerName', 'Họ và tên bên kia'),
      field('partnerIdNumber', 'Số định danh cá nhân bên kia', true, 'idNumber'),
    ],
  },
  {
    code: '1.000656',
    name: 'Đăng ký khai tử',
    areaCode: 'HT',
    level: 'commune',
    departmentId: null,
    processingDays: 3,
    fee: 0,
    documents: ['Tờ khai đăng ký khai tử', 'Giấy báo tử hoặc giấy tờ thay thế'],
    fields: [field('deceasedName', 'Họ và tên người chết'), field('deathDate', 'Ngày chết', true, 'date')],
  },
  {
    code: '1.004873',
    name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
    areaCode: 'HT',
    level: 'commune',
    departmentId: null,
    processingDays: 3,
    fee: 0,
    documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
    fields: [field('purpose', 'Mục đích sử dụng')],
  },
  {
    code: '2.000815',
    name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp',
    areaCode: 'CT',
    level: 'commune',
    departmentId: null,
    processingDays: 0,
    fee: 2000,
    feeLines: [{ label: 'Lệ phí chứng thực bản sao từ bản chính', amount: 2000 }],
    documents: ['Bản chính giấy tờ, văn bản', 'Bản sao cần chứng thực'],
    fields: [field('pages', 'Số trang', true, 'number')],
  },
  {
    code: '1.001612',
    name: 'Đăng ký thành lập hộ kinh doanh',
    areaCode: 'KD',
    level: 'commune',
    departmentId: null,
    processingDays: 3,
    fee: 100000,
    feeLines: [{ label: 'Lệ phí đăng ký hộ kinh doanh', amount: 100000 }],
    documents: [
      'Giấy đề nghị đăng ký hộ kinh doanh',
      'Bản sao giấy tờ pháp lý của cá nhân',
      'Biên bản họp thành viên hộ gia đình (nếu có)',
    ],
    fields: [
      field('businessName', 'Tên hộ kinh doanh'),
      field('businessLines', 'Ngành, nghề kinh doanh'),
      field('capital', 'Vốn kinh doanh (đồng)', false, 'number'),
    ],
  },
  {
    code: '2.000488',
    name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    areaCode: 'TP',
    level: 'province',
    departmentId: 'so-tu-phap',
    processingDays: 10,
    fee: 200000,
    feeLines: [{ label: 'Phí cung cấp thông tin lý lịch tư pháp', amount: 200000 }],
    documents: ['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'Bản chụp giấy tờ tùy thân'],
    fields: [field('formNumber', 'Loại phiếu (số 1 hoặc số 2)', true, 'choice', ['1', '2'])],
  },
  {
    code: '1.009972',
    name: 'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II',
    areaCode: 'XD',
    level: 'province',
    departmentId: 'so-xay-dung',
    processingDays: 20,
    fee: 150000,
    feeLines: [{ label: 'Lệ phí cấp giấy phép xây dựng', amount: 150000 }],
    documents: [
      'Đơn đề nghị cấp giấy phép xây dựng',
      'Bản sao giấy tờ về quyền sử dụng đất',
      'Hai bộ bản vẽ thiết kế xây dựng',
    ],
    fields: [
      field('site', 'Địa điểm xây dựng'),
      field('grade', 'Cấp công trình', true, 'choice', ['Cấp đặc biệt', 'Cấp I', 'Cấp II']),
    ],
  },
  {
    code: '2.002038',
    name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên',
    areaCode: 'KD',
    level: 'province',
    departmentId: 'so-tai-chinh',
    processingDays: 3,
    fee: 50000,
    feeLines: [{ label: 'Lệ phí đăng ký doanh nghiệp', amount: 50000 }],
    documents: ['Giấy đề nghị đăng ký doanh nghiệp', 'Điều lệ công ty', 'Bản sao giấy tờ pháp lý của chủ sở hữu'],
    fields: [field('companyName', 'Tên công ty'), field('charterCapital', 'Vốn điều lệ (đồng)', true, 'number')],
  },
  {
    code: '1.004227',
    name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
    areaCode: 'DD',
    level: 'province',
    departmentId: 'so-nong-nghiep-moi-truong',
    processingDays: 10,
    fee: 0,
    documents: ['Đơn đăng ký biến động đất đai, tài sản gắn liền với đất', 'Bản gốc Giấy chứng nhận đã cấp'],
    fields: [field('parcel', 'Thửa đất số, tờ bản đồ số')],
  },
  {
    code: '1.001978',
    name: 'Giải quyết hưởng trợ cấp thất nghiệp',
    areaCode: 'LD',
    level: 'province',
    departmentId: 'so-noi-vu',
    processingDays: 20,
    fee: 0,
    documents: ['Đề nghị hưởng trợ cấp thất nghiệp', 'Quyết định chấm dứt hợp đồng lao động'],
    fields: [field('insuranceNumber', 'Số sổ bảo hiểm xã hội')],
  },
];

/** Seeds authorities and the sample catalog once (an imported catalog is never overwritten). */
export async function seedProcedures(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    if ((await tx.dossiers.authorities()).length > 0) return;
    for (const a of DEMO_AUTHORITIES) await tx.dossiers.upsertAuthority(a);
    for (const p of DEMO_PROCEDURES) await tx.dossiers.upsertProcedure(p);
  });
}
