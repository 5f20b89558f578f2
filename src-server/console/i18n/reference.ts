/** The console's reference strings (issue 14), zh-CN first; `referenceEn` must have every key of `referenceZh`. */
export const referenceZh = {
  'reference.title': '医院与合同',
};

export const referenceEn: Record<keyof typeof referenceZh, string> = {
  'reference.title': 'Hospitals and contracts',
};
