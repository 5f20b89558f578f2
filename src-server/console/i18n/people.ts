/** The console's people strings (issue 14), zh-CN first; `peopleEn` must have every key of `peopleZh`. */
export const peopleZh = {
  'people.title': '工程师',
};

export const peopleEn: Record<keyof typeof peopleZh, string> = {
  'people.title': 'Engineers',
};
