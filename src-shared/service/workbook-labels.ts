/**
 * The words of the service-record spreadsheet (workbook.ts) in its two languages. The sheet is a
 * document handed to hospitals (Chinese, as the contracts are) or read at the office; it has its
 * own table rather than the app's i18n so the office, which has no renderer i18n, builds it too.
 */
import type { Duration, PromiseStep, ServiceKind } from '../catalog/reference';
import type { FollowUpRating, ReportChannel, Step, TextField } from './record';

export type WorkbookLocale = 'zh-CN' | 'en';

interface Labels {
  sheet: string;
  eventsSheet: string;
  headers: {
    id: string;
    hospital: string;
    contract: string;
    subject: string;
    title: string;
    kind: string;
    level: string;
    reporter: string;
    channel: string;
    reported: string;
    responded: string;
    setOut: string;
    onSite: string;
    resolved: string;
    closed: string;
    status: string;
    paused: string;
    followUpRating: string;
    followUpContact: string;
    followUpAt: string;
    description: string;
    cause: string;
    workaround: string;
    resolution: string;
  };
  clock: Record<PromiseStep, string>;
  clockColumns: { target: string; due: string; done: string; outcome: string };
  outcome: { met: string; late: (hours: string) => string; open: string; openLate: (hours: string) => string };
  outsideHours: string;
  hours: (n: string) => string;
  unit: Record<Duration['unit'], string>;
  kind: Record<ServiceKind, string>;
  channel: Record<ReportChannel, string>;
  step: Record<Step, string>;
  field: Record<TextField, string>;
  rating: Record<FollowUpRating, string>;
  status: Record<'open' | 'resolved' | 'closed', string>;
  contractWide: string;
  eventHeaders: { id: string; event: string; recordedAt: string; by: string; what: string; at: string; corrects: string; reason: string };
  eventType: Record<'step' | 'text' | 'classify' | 'pause' | 'resume' | 'follow_up' | 'document' | 'spot_check' | 'assess', string>;
  /** 附件1: whose spot check, its result, and the assessment's two flags. */
  evaluator: Record<'department' | 'it_office', string>;
  spotResult: Record<'pass' | 'fail', string>;
  adverse: Record<'yes' | 'no', string>;
  notice: Record<'yes' | 'no', string>;
  withdrawn: string;
  document: Record<'fault_report' | 'maintenance_sheet' | 'maintenance_sheet_scan', string>;
}

export const WORKBOOK_LABELS: Record<WorkbookLocale, Labels> = {
  'zh-CN': {
    sheet: '维护记录',
    eventsSheet: '事件记录',
    headers: {
      id: '编号',
      hospital: '医院',
      contract: '合同',
      subject: '系统/设备',
      title: '标题',
      kind: '类别',
      level: '级别',
      reporter: '报修人',
      channel: '报修方式',
      reported: '报修时间',
      responded: '响应时间',
      setOut: '出发时间',
      onSite: '到场/远程时间',
      resolved: '解决/方案时间',
      closed: '关闭时间',
      status: '状态',
      paused: '暂停时长',
      followUpRating: '回访评价',
      followUpContact: '回访人',
      followUpAt: '回访时间',
      description: '描述',
      cause: '原因',
      workaround: '临时方案',
      resolution: '处理结果',
    },
    clock: { respond: '响应', setOut: '出发', onSite: '到场', propose: '方案', resolve: '解决' },
    clockColumns: { target: '承诺时限', due: '到期时间', done: '实际', outcome: '结果' },
    outcome: { met: '按时', late: (h) => `超时 ${h} 小时`, open: '未完成', openLate: (h) => `未完成（已超时 ${h} 小时）` },
    outsideHours: '（服务时间外）',
    hours: (n) => `${n} 小时`,
    unit: { minute: '分钟', hour: '小时', day: '天', working_hour: '工作小时', working_day: '个工作日' },
    kind: { fault: '故障', consultation: '咨询', maintenance: '日常维护', change: '需求变更', data_repair: '数据修复', routine: '常规服务', training: '培训' },
    channel: { phone: '电话', remote: '远程', on_site: '现场', written: '书面报告', inspection: '巡检发现' },
    step: {
      reported: '报修',
      written_report: '书面报告',
      responded: '响应',
      set_out: '出发',
      arrived: '到场',
      remote_started: '远程接入',
      workaround: '临时解决',
      solution_proposed: '提出方案',
      resolved: '解决',
      closed: '关闭',
      followed_up: '回访',
    },
    field: { title: '标题', description: '描述', cause: '原因', workaround: '临时方案', resolution: '处理结果' },
    rating: { excellent: '优', good: '良', poor: '差' },
    status: { open: '处理中', resolved: '已解决', closed: '已关闭' },
    contractWide: '整个合同',
    eventHeaders: { id: '编号', event: '事件', recordedAt: '记录时间', by: '记录人', what: '内容', at: '发生时间', corrects: '更正', reason: '原因' },
    eventType: { step: '步骤', text: '文字', classify: '分类', pause: '暂停', resume: '恢复', follow_up: '回访', document: '文档', spot_check: '服务效果抽查', assess: '附件1评定' },
    evaluator: { department: '使用科室', it_office: '信息中心' },
    spotResult: { pass: '合格', fail: '不合格' },
    adverse: { yes: '有恶性事件', no: '无恶性事件' },
    notice: { yes: '未提前通知导致故障', no: '非未提前通知导致' },
    withdrawn: '撤回',
    document: { fault_report: '书面故障说明报告', maintenance_sheet: '维护单', maintenance_sheet_scan: '维护单扫描件' },
  },
  en: {
    sheet: 'Service records',
    eventsSheet: 'Events',
    headers: {
      id: 'No.',
      hospital: 'Hospital',
      contract: 'Contract',
      subject: 'System/unit',
      title: 'Title',
      kind: 'Kind',
      level: 'Level',
      reporter: 'Reported by',
      channel: 'Channel',
      reported: 'Reported',
      responded: 'Responded',
      setOut: 'Set out',
      onSite: 'On site/remote',
      resolved: 'Resolved/solution',
      closed: 'Closed',
      status: 'State',
      paused: 'Paused',
      followUpRating: 'Follow-up rating',
      followUpContact: 'Called',
      followUpAt: 'Follow-up at',
      description: 'Description',
      cause: 'Cause',
      workaround: 'Workaround',
      resolution: 'Resolution',
    },
    clock: { respond: 'Response', setOut: 'Set-out', onSite: 'On-site', propose: 'Solution', resolve: 'Resolution' },
    clockColumns: { target: 'promised', due: 'due', done: 'done', outcome: 'outcome' },
    outcome: { met: 'in time', late: (h) => `late by ${h} h`, open: 'not done', openLate: (h) => `not done (${h} h overdue)` },
    outsideHours: ' (outside service hours)',
    hours: (n) => `${n} h`,
    unit: { minute: 'min', hour: 'h', day: 'days', working_hour: 'working h', working_day: 'working days' },
    kind: { fault: 'Fault', consultation: 'Consultation', maintenance: 'Maintenance', change: 'Change request', data_repair: 'Data repair', routine: 'Routine service', training: 'Training' },
    channel: { phone: 'Phone', remote: 'Remote', on_site: 'On site', written: 'Written report', inspection: 'Inspection' },
    step: {
      reported: 'Reported',
      written_report: 'Written report',
      responded: 'Responded',
      set_out: 'Set out',
      arrived: 'Arrived',
      remote_started: 'Remote session',
      workaround: 'Workaround',
      solution_proposed: 'Solution proposed',
      resolved: 'Resolved',
      closed: 'Closed',
      followed_up: 'Followed up',
    },
    field: { title: 'Title', description: 'Description', cause: 'Cause', workaround: 'Workaround', resolution: 'Resolution' },
    rating: { excellent: 'excellent', good: 'good', poor: 'poor' },
    status: { open: 'open', resolved: 'resolved', closed: 'closed' },
    contractWide: 'whole contract',
    eventHeaders: { id: 'No.', event: 'Event', recordedAt: 'Recorded', by: 'By', what: 'What', at: 'At', corrects: 'Corrects', reason: 'Reason' },
    eventType: { step: 'step', text: 'text', classify: 'classification', pause: 'pause', resume: 'resume', follow_up: 'follow-up', document: 'document', spot_check: 'spot check', assess: 'Annex 1 assessment' },
    evaluator: { department: 'user department', it_office: 'IT centre' },
    spotResult: { pass: 'pass', fail: 'fail' },
    adverse: { yes: 'adverse event', no: 'no adverse event' },
    notice: { yes: 'failure from missing notice', no: 'not from missing notice' },
    withdrawn: 'withdrawn',
    document: { fault_report: 'Fault report', maintenance_sheet: 'Maintenance sheet', maintenance_sheet_scan: 'Maintenance sheet scan' },
  },
};
