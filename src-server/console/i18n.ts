/**
 * Every string the office console shows, zh-CN first; `en` must have the same keys (checked by
 * the compiler). `{name}` placeholders are filled by t(); the result is escaped by the page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const zh = {
  'app.title': '巡检 · 办公室控制台',
  'nav.reports': '报告',
  'nav.devices': '设备',
  'nav.import': '导入离线包',
  'nav.audit': '审计日志',
  'nav.logout': '退出登录',
  'nav.lang': 'English',
  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.failed': '用户名或密码错误。',
  'login.limited': '尝试次数过多，请稍后再试。',
  'reports.title': '已接收的报告',
  'reports.hospital': '医院',
  'reports.system': '系统',
  'reports.from': '完成日期自',
  'reports.to': '至',
  'reports.all': '全部',
  'reports.filter': '筛选',
  'reports.number': '报告编号',
  'reports.systems': '巡检对象',
  'reports.engineer': '工程师',
  'reports.completed': '完成时间',
  'reports.received': '接收时间',
  'reports.none': '没有符合条件的报告。',
  'reports.count': '共 {count} 份报告',
  'reports.prev': '上一页',
  'reports.next': '下一页',
  'report.title': '报告 {number}',
  'report.open': '打开 PDF',
  'report.verification': '校验',
  'report.recordHash': '记录哈希（SHA-256）',
  'report.pdfHash': 'PDF 文件哈希',
  'report.signature': 'PDF 签名',
  'report.signer': '签名证书',
  'report.namesRecord': 'PDF 对应本记录',
  'report.device': '设备',
  'report.ok': '通过',
  'report.failed': '未通过',
  'report.selfSigned': '自签名证书（注册前签署）',
  'report.officeCert': '本办公室 CA 签发',
  'report.deviceRevoked': '该设备已于 {at} 吊销（报告接收时有效）',
  'report.receipt': '回执',
  'report.blobs': '附件',
  'report.contract': '合同',
  'report.hash': '哈希',
  'report.notFound': '没有这份报告。',
  'devices.title': '设备',
  'devices.name': '设备名称',
  'devices.engineer': '工程师',
  'devices.enrolled': '注册时间',
  'devices.lastSeen': '最近连接',
  'devices.status': '状态',
  'devices.active': '有效',
  'devices.revoked': '已吊销 {at}',
  'devices.revoke': '吊销',
  'devices.confirm': '确定吊销此设备？它将无法再同步。',
  'devices.none': '还没有注册的设备。',
  'import.title': '导入离线包',
  'import.help': '选择工程师导出的离线包文件（.xjbundle）。办公室会像在线同步一样校验每份报告的哈希和签名，并为接受的报告签发回执。',
  'import.file': '离线包文件',
  'import.submit': '导入',
  'import.running': '正在导入……',
  'import.failed': '导入失败：',
  'import.accepted': '已接受',
  'import.duplicate': '已存在',
  'import.refused': '被拒绝',
  'audit.title': '审计日志（最近 {count} 条）',
  'audit.at': '时间',
  'audit.actor': '操作者',
  'audit.action': '操作',
  'audit.outcome': '结果',
  'audit.target': '对象',
  'audit.details': '详情',
  'error.csrf': '表单已过期，请刷新页面后重试。',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.title': 'Xunjian · Office console',
  'nav.reports': 'Reports',
  'nav.devices': 'Devices',
  'nav.import': 'Import bundle',
  'nav.audit': 'Audit log',
  'nav.logout': 'Log out',
  'nav.lang': '中文',
  'login.title': 'Log in',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.failed': 'Wrong user name or password.',
  'login.limited': 'Too many attempts; try again later.',
  'reports.title': 'Received reports',
  'reports.hospital': 'Hospital',
  'reports.system': 'System',
  'reports.from': 'Completed from',
  'reports.to': 'to',
  'reports.all': 'All',
  'reports.filter': 'Filter',
  'reports.number': 'Report no.',
  'reports.systems': 'Inspected',
  'reports.engineer': 'Engineer',
  'reports.completed': 'Completed',
  'reports.received': 'Received',
  'reports.none': 'No reports match.',
  'reports.count': '{count} reports',
  'reports.prev': 'Previous',
  'reports.next': 'Next',
  'report.title': 'Report {number}',
  'report.open': 'Open PDF',
  'report.verification': 'Verification',
  'report.recordHash': 'Record hash (SHA-256)',
  'report.pdfHash': 'PDF file hash',
  'report.signature': 'PDF signature',
  'report.signer': 'Signing certificate',
  'report.namesRecord': 'PDF names this record',
  'report.device': 'Device',
  'report.ok': 'verified',
  'report.failed': 'FAILED',
  'report.selfSigned': 'self-signed (signed before enrollment)',
  'report.officeCert': 'issued by this office CA',
  'report.deviceRevoked': 'this device was revoked at {at} (valid when the report was received)',
  'report.receipt': 'Receipt',
  'report.blobs': 'Attachments',
  'report.contract': 'Contract',
  'report.hash': 'Hash',
  'report.notFound': 'No such report.',
  'devices.title': 'Devices',
  'devices.name': 'Device name',
  'devices.engineer': 'Engineer',
  'devices.enrolled': 'Enrolled',
  'devices.lastSeen': 'Last seen',
  'devices.status': 'Status',
  'devices.active': 'active',
  'devices.revoked': 'revoked {at}',
  'devices.revoke': 'Revoke',
  'devices.confirm': 'Revoke this device? It will not be able to sync again.',
  'devices.none': 'No devices enrolled yet.',
  'import.title': 'Import an offline bundle',
  'import.help':
    'Choose the bundle file (.xjbundle) an engineer exported. Every report is checked (hash, signature) exactly as in online sync, and accepted ones get receipts.',
  'import.file': 'Bundle file',
  'import.submit': 'Import',
  'import.running': 'Importing…',
  'import.failed': 'Import failed: ',
  'import.accepted': 'accepted',
  'import.duplicate': 'already stored',
  'import.refused': 'refused',
  'audit.title': 'Audit log (latest {count})',
  'audit.at': 'When',
  'audit.actor': 'Who',
  'audit.action': 'Action',
  'audit.outcome': 'Outcome',
  'audit.target': 'Target',
  'audit.details': 'Details',
  'error.csrf': 'This form expired; reload the page and try again.',
};

export type Lang = 'zh-CN' | 'en';
export const LANG_COOKIE = 'xj_lang';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const dict: Record<MessageKey, string> = lang === 'en' ? en : zh;
  return (key, params = {}) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** ?lang= wins (and is remembered in a cookie), then the cookie, then Accept-Language; zh-CN by default. */
export function pickLang(request: FastifyRequest, reply: FastifyReply): Lang {
  const asked = (request.query as { lang?: unknown } | undefined)?.lang;
  if (asked === 'en' || asked === 'zh-CN') {
    reply.setCookie(LANG_COOKIE, asked, { path: '/console', sameSite: 'strict', httpOnly: true });
    return asked;
  }
  const remembered = request.cookies[LANG_COOKIE];
  if (remembered === 'en' || remembered === 'zh-CN') return remembered;
  const accept = request.headers['accept-language'] ?? '';
  const first = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
