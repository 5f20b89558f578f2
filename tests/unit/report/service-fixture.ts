/**
 * Service documents for tests (issue 11): a seed-003 fault report and a seed-004 维护单 as the
 * renderer's builder writes them, and the largest model the device can produce (every text at
 * 4,000 characters, 2,000 timeline rows with the longest reasons). Deterministic.
 */
import { SERVICE_LIMITS } from '../../../src-shared/service/record';
import type { ServiceDocumentRequest, ServiceTimelineRow } from '../../../src-shared/report/service-document';
import { signaturePng } from './fixture';

const HASH = 'a'.repeat(64);

export const TIMELINE: ServiceTimelineRow[] = [
  { label: '报告故障', at: '2026-03-13 08:05', detail: '', by: '李工', superseded: false },
  { label: '响应', at: '2026-03-13 08:12', detail: '', by: '李工', superseded: false },
  { label: '出发', at: '2026-03-13 08:40', detail: '原时间 2026-03-13 08:30；原因：补记出发时间，按车辆记录更正', by: '李工', superseded: false },
  { label: '暂停计时', at: '2026-03-13 09:00', detail: '原因：机房钥匙在总务科，等待开门', by: '李工', superseded: false },
  { label: '恢复计时', at: '2026-03-13 09:40', detail: '', by: '李工', superseded: false },
  { label: '到场', at: '2026-03-13 09:45', detail: '', by: '李工', superseded: false },
  { label: '临时措施', at: '2026-03-13 10:05', detail: '', by: '李工', superseded: false },
  { label: '解决', at: '2026-03-13 13:20', detail: '', by: '李工', superseded: false },
];

export function faultReport(overrides: Partial<ServiceDocumentRequest> = {}): ServiceDocumentRequest {
  return {
    locale: 'zh-CN',
    document: 'fault_report',
    recordId: 'dev1-rec-0001',
    recordHash: HASH,
    madeAt: '2026-03-13T06:00:00.000Z',
    hospital: { id: 'yunan-peoples', name: '郁南县人民医院' },
    contract: { id: 'yunan-queue-2026', name: '门诊排队叫号系统维保服务' },
    title: '门诊二楼叫号屏黑屏',
    subject: '排队叫号系统 · 内科诊室1叫号屏 · MZ-SCR-001 · 门诊部 / 3 诊室',
    kind: '故障',
    level: '严重故障 · 响应 1 小时；出发 2 小时',
    reporter: '王护士长 · 门诊部 · 0766-7512345',
    department: '门诊部',
    channel: '电话',
    status: '已解决',
    engineer: '李工',
    origin: '',
    texts: {
      description: '门诊二楼内科候诊区叫号屏黑屏，患者无法看到叫号信息，护士改为人工叫号。',
      cause: '叫号屏电源适配器损坏，输出电压不足。',
      workaround: '临时改用候诊区电视显示叫号信息。',
      resolution: '更换电源适配器后叫号屏恢复正常，观察一小时无异常。',
    },
    timeline: TIMELINE,
    clockNote: '',
    sla: [
      { promise: '响应', target: '1 小时', due: '2026-03-13 09:05', doneAt: '2026-03-13 08:12', outcome: 'met', outcomeText: '按时' },
      { promise: '出发', target: '30 分钟', due: '2026-03-13 08:35', doneAt: '2026-03-13 08:40', outcome: 'late', outcomeText: '超时 5 分钟' },
      { promise: '解决', target: '1 个工作日', due: '2026-03-16 08:05', doneAt: '', outcome: 'open', outcomeText: '未完成，剩余 18 小时 45 分钟' },
    ],
    followUps: [{ at: '2026-03-14 10:00', contact: '王护士长 · 0766-7512345', rating: '优', comment: '处理及时，叫号恢复正常。', by: '李工' }],
    signatures: [{ role: 'engineer', name: '李工', signedAt: '2026-03-13T06:00:00.000Z', pngBase64: signaturePng(1) }],
    ...overrides,
  };
}

export function maintenanceSheet(overrides: Partial<ServiceDocumentRequest> = {}): ServiceDocumentRequest {
  return faultReport({
    document: 'maintenance_sheet',
    recordId: 'dev1-rec-0002',
    hospital: { id: 'wuhan-central', name: '武汉市中心医院' },
    contract: { id: 'wuhan-drg-2026', name: 'DRG智能化综合管理系统运维服务' },
    title: 'DRG 分组结果与病案首页不一致',
    subject: 'DRG智能化综合管理系统',
    kind: '数据修复',
    level: 'Serious · 响应 2 小时',
    department: '医保办',
    texts: {
      description: '医保办反映 3 月 12 日出院病例中 17 份 DRG 分组结果与病案首页主要诊断不一致，需核对并修复。',
      cause: '病案首页接口在 3 月 11 日升级后，次要诊断顺序字段映射错误，分组器读取了错误的主要诊断。',
      workaround: '暂停自动分组，由医保办对受影响病例人工复核。',
      resolution: '修正接口字段映射，重新分组 17 份病例并与医保办逐份核对，结果一致；已恢复自动分组。',
    },
    signatures: [
      { role: 'department', name: '张主任', signedAt: '2026-03-13T06:00:00.000Z', pngBase64: signaturePng(2) },
      { role: 'it_office', name: '陈主任', signedAt: '2026-03-13T06:01:00.000Z', pngBase64: signaturePng(3) },
      { role: 'engineer', name: '李工', signedAt: '2026-03-13T05:59:00.000Z', pngBase64: signaturePng(1) },
    ],
    ...overrides,
  });
}

/** Every field at its limit: 4,000-character texts, 2,000 timeline rows with the longest reasons. */
export function largestFaultReport(): ServiceDocumentRequest {
  const text = (seed: string): string => `${seed}${'系统故障处理记录，包含现象、原因与措施。'.repeat(400)}`.slice(0, SERVICE_LIMITS.text);
  const reason = '补记：现场网络中断，事后按纸质记录更正时间。'.repeat(40).slice(0, SERVICE_LIMITS.reason);
  const timeline: ServiceTimelineRow[] = Array.from({ length: SERVICE_LIMITS.events }, (_, i) => ({
    label: i % 2 ? '更正：到场' : '暂停计时',
    at: `2026-03-13 ${String(8 + Math.floor(i / 120)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
    detail: `第${i + 1}步 原时间 2026-03-13 08:00；原因：${reason}`,
    by: '李'.repeat(SERVICE_LIMITS.personName),
    superseded: i % 3 === 0,
  }));
  return faultReport({
    texts: { description: text('现象'), cause: text('原因'), workaround: text('措施'), resolution: text('结果') },
    timeline,
    title: '标'.repeat(SERVICE_LIMITS.title),
    followUps: Array.from({ length: 50 }, (_, i) => ({ at: '2026-03-14 10:00', contact: `回访对象${i + 1}`, rating: '良', comment: '意见'.repeat(500), by: '李工' })),
  });
}
